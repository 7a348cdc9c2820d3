package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static im.relay.gateway.PageBrowser.PATIENCE;
import static im.relay.gateway.PageBrowser.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import im.relay.messagegateway.cluster.CloseCodes;
import im.relay.messagegateway.cluster.LocalSessions;
import im.relay.messagegateway.support.WsClient;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat page (relay-web) in real headless Chromium, served by the gateway and talking to the whole system through
 * the public API only: two people register in their browsers, become friends, chat both ways, see typing, unread
 * badges and read receipts, recall a message, meet a third person in a group, lose their sockets without losing a
 * message, and a second sign-in ends a page's session. Skipped where Debian's chromium and chromedriver are missing.
 */
class WebChatPageIT {

    private static final Path EVIDENCE = Path.of("target", "browser-screenshots");
    private static final String PASSWORD = "password1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** -Drelay.web.screenshots=true: also save what the browsers show at a few steps of a passing run. */
    private static final boolean SNAPSHOTS = Boolean.getBoolean("relay.web.screenshots");

    private static RelaySystem system;
    private final List<PageBrowser> browsers = new ArrayList<>();
    private final long started = System.nanoTime();
    /** A browser still starting in the background, waited for before closing them all. */
    private CompletableFuture<?> opening = CompletableFuture.completedFuture(null);

    /** Runs before @AfterEach closes the browsers: on a failure, what every browser showed. */
    @RegisterExtension
    final AfterTestExecutionCallback evidence = context -> {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        for (PageBrowser browser : browsers) {
            try {
                browser.saveEvidence(EVIDENCE, context.getRequiredTestMethod().getName());
            } catch (Exception e) {
                System.err.println("could not save the evidence of " + browser.name + ": " + e);
            }
        }
        System.err.println("browser screenshots, HTML and console: " + EVIDENCE.toAbsolutePath());
    };

    @BeforeAll
    static void chromiumAndTheSystem() {
        assumeTrue(
                PageBrowser.available(),
                "needs " + PageBrowser.CHROMIUM + " and " + PageBrowser.CHROMEDRIVER
                        + " (Debian: chromium chromium-driver)");
        system = RelaySystem.start();
    }

    @AfterEach
    void closeBrowsers() {
        opening.handle((browser, error) -> null).join();
        browsers.forEach(PageBrowser::close);
    }

    @Test
    void twoPeopleBefriendChatReadRecallMeetInAGroupAndLoseNothingOnReconnect() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String aliceName = "alice_" + run;
        String bobName = "bob_" + run;
        String carolName = "carol_" + run;
        step("opening the browsers");
        CompletableFuture<PageBrowser> openingBob = CompletableFuture.supplyAsync(() -> open("bob"));
        opening = openingBob;
        PageBrowser alice = open("alice");
        ApiClient carol = registerThroughRest(carolName);
        PageBrowser bob = openingBob.join();
        String carolId = userId(carol, carolName);

        step("registering in the pages");
        registerInPage(alice, aliceName);
        registerInPage(bob, bobName);
        String aliceId = userId(carol, aliceName);
        String bobId = userId(carol, bobName);

        step("alice finds bob and asks; bob is told and accepts; alice sees him online");
        alice.type(testId("search-input"), bobName);
        alice.click(testId("search-submit"));
        alice.click(By.cssSelector(
                "[data-testid='search-result'][data-username='" + bobName + "'] [data-testid='search-add']"));
        alice.awaitText(testId("search-status"), "request sent");
        bob.awaitText(testId("notification"), aliceName + " sent you a friend request");
        bob.click(By.cssSelector("[data-testid='friend-request'] [data-testid='request-accept']"));
        bob.awaitText(testId("friend"), aliceName);
        By bobAmongFriends = By.cssSelector("[data-testid='friend'][data-username='" + bobName + "']");
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> "true".equals(alice.find(bobAmongFriends).getDomAttribute("data-online")));

        step("carol asks alice through REST; alice accepts in the page");
        assertThat(carol.post("/api/friends/requests", json("userId", aliceId)).status())
                .isEqualTo(201);
        alice.click(By.cssSelector(
                "[data-testid='friend-request'][data-from-user-id='" + carolId + "'] [data-testid='request-accept']"));
        alice.awaitText(testId("friend"), carolName);

        step("alice writes first; bob's list shows it unread until he opens the conversation");
        alice.click(
                By.cssSelector("[data-testid='friend'][data-username='" + bobName + "'] [data-testid='friend-chat']"));
        alice.type(testId("composer-input"), "Hello Bob", Keys.ENTER);
        WebElement hello =
                alice.awaitText(By.cssSelector("[data-testid='message'][data-state='acked'][data-seq]"), "Hello Bob");
        String helloId = hello.getDomAttribute("data-message-id");
        String aliceConversation = "[data-testid='conversation'][data-name='" + aliceName + "']";
        By unread = By.cssSelector(aliceConversation + " [data-testid='unread-badge']");
        assertThat(bob.awaitText(unread, "1").getText()).isEqualTo("1");
        bob.click(By.cssSelector(aliceConversation + " button"));
        bob.awaitText(message(helloId), "Hello Bob");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> bob.all(unread).isEmpty());

        step("bob's page reported the read: alice sees the receipt; they chat both ways");
        alice.awaitText(By.cssSelector("[data-message-id='" + helloId + "'] [data-testid='message-status']"), "Read");
        bob.type(testId("composer-input"), "Hi Alice", Keys.ENTER);
        alice.awaitText(testId("message-text"), "Hi Alice");

        step("bob sees alice typing");
        alice.type(testId("composer-input"), "still typing");
        bob.awaitText(testId("typing"), aliceName + " is typing");
        alice.type(testId("composer-input"), Keys.ENTER);
        bob.awaitText(testId("message-text"), "still typing");

        step("alice edits a message: bob's page shows the new text marked edited; bob reacts and alice sees it");
        String typedId = alice.awaitText(
                        By.cssSelector("[data-testid='message'][data-state='acked'][data-seq]"), "still typing")
                .getDomAttribute("data-message-id");
        String typed = "[data-message-id='" + typedId + "'] ";
        alice.click(By.cssSelector(typed + "[data-testid='message-edit']"));
        alice.find(By.cssSelector(typed + "[data-testid='message-edit-input']")).clear();
        alice.type(By.cssSelector(typed + "[data-testid='message-edit-input']"), "done typing");
        alice.click(By.cssSelector(typed + "[data-testid='message-edit-save']"));
        bob.awaitText(By.cssSelector(typed + "[data-testid='message-text']"), "done typing");
        bob.awaitText(By.cssSelector(typed + "[data-testid='message-edited']"), "edited");
        bob.click(By.cssSelector(typed + "[data-testid='message-react']"));
        bob.click(By.cssSelector(typed + "[data-testid='reaction-choice'][data-emoji='\uD83C\uDF89']"));
        alice.awaitText(By.cssSelector(typed + "[data-testid='message-reaction']"), "\uD83C\uDF89 1");
        bob.awaitText(By.cssSelector(typed + "[data-testid='message-reaction'][aria-pressed='true']"), "1");
        assertThat(alice.all(By.cssSelector("[data-message-id='" + helloId + "'] [data-testid='message-edit']")))
                .as("her own text messages only")
                .hasSize(1);
        assertThat(bob.all(By.cssSelector(typed + "[data-testid='message-edit']")))
                .as("not someone else's")
                .isEmpty();

        step("alice recalls her first message; both pages show it recalled");
        alice.click(By.cssSelector("[data-message-id='" + helloId + "'] [data-testid='message-recall']"));
        bob.awaitText(
                By.cssSelector("[data-message-id='" + helloId + "'] [data-testid='message-text']"), "message recalled");
        alice.awaitText(
                By.cssSelector("[data-message-id='" + helloId + "'] [data-testid='message-text']"), "message recalled");

        step("alice makes a group with bob and carol; her message reaches bob's page, and carol through REST");
        String team = "Team " + run;
        alice.type(testId("group-name"), team);
        alice.click(By.cssSelector("[data-testid='member-choice'][data-username='" + bobName + "']"));
        alice.click(By.cssSelector("[data-testid='member-choice'][data-username='" + carolName + "']"));
        alice.click(testId("group-create"));
        alice.awaitText(testId("chat-title"), team);
        bob.click(By.cssSelector("[data-testid='conversation'][data-name='" + team + "'] button"));
        bob.awaitText(testId("chat-title"), team);
        alice.type(testId("composer-input"), "Hello team", Keys.ENTER);
        WebElement inGroup = bob.awaitText(testId("message"), "Hello team");
        assertThat(inGroup.findElement(testId("message-sender")).getText()).isEqualTo(aliceName);
        String groupId = groupId(carol, team);
        snapshot("group");
        await().atMost(PATIENCE).until(() -> groupTexts(carol, groupId).contains("Hello team"));

        step("bob replies to alice's message mentioning her: both pages show the quote, hers marks the mention");
        String helloTeamId = inGroup.getDomAttribute("data-message-id");
        bob.click(By.cssSelector("[data-message-id='" + helloTeamId + "'] [data-testid='message-reply']"));
        bob.awaitText(testId("reply-bar-text"), "Hello team");
        bob.type(testId("composer-input"), "@" + aliceName + " on my way", Keys.ENTER);
        By quote = By.cssSelector("[data-testid='message'].mentioned [data-testid='message-quote']");
        alice.awaitText(quote, "Hello team");
        assertThat(bob.awaitText(testId("message-quote"), "Hello team").getText())
                .contains(aliceName);
        assertThat(bob.find(testId("reply-bar")).isDisplayed()).isFalse();

        step("a mention in a conversation alice has not open badges it until she opens it");
        alice.click(By.cssSelector("[data-testid='conversation'][data-name='" + bobName + "'] button"));
        alice.awaitText(testId("chat-title"), bobName);
        ApiClient.Reply mention = carol.post(
                "/api/chat/groups/" + groupId + "/messages",
                json(
                        "clientMsgId",
                        UUID.randomUUID().toString(),
                        "contentType",
                        "TEXT",
                        "content",
                        "alice, look",
                        "mentions",
                        List.of(aliceId)));
        assertThat(mention.status()).as(mention.toString()).isEqualTo(201);
        By mentionBadge = By.cssSelector(
                "[data-testid='conversation'][data-name='" + team + "'] " + "[data-testid='mention-badge']");
        alice.awaitText(mentionBadge, "@");
        snapshot("mention");
        alice.click(By.cssSelector("[data-testid='conversation'][data-name='" + team + "'] button"));
        alice.awaitText(testId("message-text"), "alice, look");
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() -> alice.all(mentionBadge).isEmpty());

        step("both sockets drop (a node going away); what was sent meanwhile reaches both pages once each");
        dropSockets(aliceId, bobId);
        ApiClient.Reply away = carol.post(
                "/api/chat/groups/" + groupId + "/messages",
                json("clientMsgId", UUID.randomUUID().toString(), "contentType", "TEXT", "content", "while away"));
        assertThat(away.status()).as(away.toString()).isEqualTo(201);
        alice.type(testId("composer-input"), "sent while reconnecting", Keys.ENTER);
        bob.awaitText(testId("message-text"), "while away");
        bob.awaitText(testId("message-text"), "sent while reconnecting");
        alice.awaitText(By.cssSelector("[data-testid='message'][data-state='acked']"), "sent while reconnecting");
        awaitConnected(alice);
        awaitConnected(bob);
        alice.awaitText(testId("message-text"), "while away");
        assertThat(texts(bob)).containsOnlyOnce("while away", "sent while reconnecting");
        assertThat(texts(alice)).containsOnlyOnce("while away", "sent while reconnecting");
        assertThat(groupTexts(carol, groupId)).containsOnlyOnce("sent while reconnecting");

        step("from the members panel alice makes bob an admin and removes carol, which bob reads as a SYSTEM line");
        alice.click(testId("members-toggle"));
        String bobMember = "[data-testid='member'][data-user-id='" + bobId + "']";
        alice.click(By.cssSelector(bobMember + " [data-testid='member-role-toggle']"));
        alice.awaitText(By.cssSelector(bobMember + " [data-testid='member-role']"), "admin");
        snapshot("members");
        alice.click(
                By.cssSelector("[data-testid='member'][data-user-id='" + carolId + "'] [data-testid='member-remove']"));
        bob.awaitText(testId("system-text"), aliceName + " removed " + carolName);

        step("bob signs in on another web browser: this page's session ends and it asks him to sign in");
        String otherToken = client().post("/api/auth/login", json("username", bobName, "password", PASSWORD))
                .json()
                .get("accessToken")
                .asString();
        try (WsClient other = WsClient.open(
                URI.create("ws://127.0.0.1:" + TestServices.httpPort(system.gateway) + "/api/chat/ws?token="
                        + otherToken + "&platform=WEB"),
                Map.of())) {
            bob.awaitText(testId("auth-message"), "Your session ended");
            assertThat(bob.find(testId("login-form")).isDisplayed()).isTrue();
            snapshot("ended");
        }
        step("done");
    }

    @Test
    void imagesSentFromThePageOrElsewhereShowInline() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String aliceName = "alice_" + run;
        String bobName = "bob_" + run;
        PageBrowser alice = open("alice");
        registerInPage(alice, aliceName);
        ApiClient.Reply registered =
                client().post("/api/auth/register", json("username", bobName, "password", PASSWORD));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String bobToken = registered.json().get("accessToken").asString();
        ApiClient bob = client().withToken(bobToken);
        String aliceId = userId(bob, aliceName);
        String bobId = registered.json().get("user").get("id").asString();

        step("bob asks through REST; alice accepts and opens the chat");
        assertThat(bob.post("/api/friends/requests", json("userId", aliceId)).status())
                .isEqualTo(201);
        alice.click(By.cssSelector(
                "[data-testid='friend-request'][data-from-user-id='" + bobId + "'] [data-testid='request-accept']"));
        alice.awaitText(testId("friend"), bobName);
        alice.click(
                By.cssSelector("[data-testid='friend'][data-username='" + bobName + "'] [data-testid='friend-chat']"));

        step("alice attaches a PNG: it is uploaded, sent, and shown as an image");
        Path png = Files.createTempFile("page-upload", ".png");
        ImageIO.write(new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        alice.find(testId("composer-file")).sendKeys(png.toString());
        By shown = By.cssSelector("[data-testid='message'][data-state='acked'] [data-testid='message-image']");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            WebElement image = alice.find(shown);
            assertThat(image.getDomProperty("src")).startsWith("blob:");
            assertThat(image.getDomProperty("naturalWidth")).isEqualTo("120");
        });
        JsonNode received = bob.get("/api/chat/private/" + aliceId + "/messages")
                .json()
                .get("items")
                .get(0);
        assertThat(received.get("contentType").asString()).isEqualTo("IMAGE");
        assertThat(received.get("content").asString()).contains("\"width\":120");

        step("bob sends a file through REST: alice's page offers it for download");
        HttpResponse<String> upload = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(system.gatewayUri().resolve("/api/media?name=notes.txt"))
                                .header("Authorization", "Bearer " + bobToken)
                                .header("X-Forwarded-For", clientAddress())
                                .POST(HttpRequest.BodyPublishers.ofString("some notes\n"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String mediaId = JSON.readTree(upload.body()).get("mediaId").asString();
        assertThat(bob.post(
                                "/api/chat/private/" + aliceId + "/messages",
                                json("clientMsgId", "file-1", "contentType", "FILE", "content", mediaId))
                        .status())
                .isEqualTo(201);
        alice.awaitText(testId("message-file"), "notes.txt");

        step("in a group bob made, alice's page shows bob's image inline and sends one of its own");
        String team = "Pictures " + run;
        ApiClient.Reply group = bob.post("/api/groups", json("name", team, "memberIds", List.of(aliceId)));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        String groupId = group.json().get("id").asString();
        HttpResponse<String> picture = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(system.gatewayUri().resolve("/api/media?name=team.png"))
                                .header("Authorization", "Bearer " + bobToken)
                                .header("X-Forwarded-For", clientAddress())
                                .POST(HttpRequest.BodyPublishers.ofFile(png))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(picture.statusCode()).as(picture.body()).isEqualTo(201);
        assertThat(bob.post(
                                "/api/chat/groups/" + groupId + "/messages",
                                json(
                                        "clientMsgId",
                                        "group-image-1",
                                        "contentType",
                                        "IMAGE",
                                        "content",
                                        JSON.readTree(picture.body())
                                                .get("mediaId")
                                                .asString()))
                        .status())
                .isEqualTo(201);
        alice.click(By.cssSelector("[data-testid='conversation'][data-name='" + team + "'] button"));
        alice.awaitText(testId("chat-title"), team);
        By groupImages = By.cssSelector("[data-testid='message'][data-state='acked'] [data-testid='message-image']");
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(alice.all(groupImages))
                        .singleElement()
                        .satisfies(image ->
                                assertThat(image.getDomProperty("naturalWidth")).isEqualTo("120")));
        alice.find(testId("composer-file")).sendKeys(png.toString());
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(alice.all(groupImages)).hasSize(2));
        assertThat(bob.get("/api/chat/groups/" + groupId + "/messages")
                        .json()
                        .get("items")
                        .get(0)
                        .get("contentType")
                        .asString())
                .isEqualTo("IMAGE");
    }

    private PageBrowser open(String name) {
        PageBrowser browser = new PageBrowser(name, system.gatewayUri().resolve("/"), clientAddress());
        synchronized (browsers) {
            browsers.add(browser);
        }
        return browser;
    }

    /** A client address of its own (X-Forwarded-For, trusted by the test gateway), for the per-address limits. */
    private static String clientAddress() {
        return "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private static ApiClient client() {
        return new ApiClient(system.gatewayUri()).withHeader("X-Forwarded-For", clientAddress());
    }

    @Test
    void anAccountIsDeletedFromThePageWithItsPassword() {
        String name = "dana_" + UUID.randomUUID().toString().substring(0, 8);
        PageBrowser dana = open("dana");
        registerInPage(dana, name);

        step("a wrong password keeps the account and the session");
        dana.click(By.cssSelector("[data-testid='delete-account'] summary"));
        dana.type(testId("delete-account-password"), "not-the-password");
        dana.click(testId("delete-account-submit"));
        dana.awaitText(testId("delete-account-error"), "Wrong password.");
        assertThat(dana.find(testId("app-view")).isDisplayed()).isTrue();

        step("the right one deletes it and signs the page out");
        dana.type(testId("delete-account-password"), PASSWORD);
        dana.click(testId("delete-account-submit"));
        dana.awaitText(testId("auth-message"), "Your account was deleted.");
        assertThat(client().post("/api/auth/login", json("username", name, "password", PASSWORD))
                        .status())
                .isEqualTo(401);
    }

    private static void registerInPage(PageBrowser browser, String username) {
        browser.type(By.id("register-username"), username);
        browser.type(By.id("register-password"), PASSWORD);
        browser.click(testId("register-submit"));
        browser.awaitText(testId("me-name"), username);
        awaitConnected(browser);
    }

    private static void awaitConnected(PageBrowser browser) {
        await().atMost(PATIENCE)
                .ignoreExceptions()
                .until(() ->
                        "open".equals(browser.find(testId("connection-state")).getDomAttribute("data-state")));
    }

    private static ApiClient registerThroughRest(String username) {
        ApiClient anonymous = client();
        ApiClient.Reply reply = anonymous.post("/api/auth/register", json("username", username, "password", PASSWORD));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return anonymous.withToken(reply.json().get("accessToken").asString());
    }

    /** Closes the users' sockets on every message-gateway node, as a node going away does. */
    private static void dropSockets(String... userIds) {
        for (var node : system.messageGateways) {
            LocalSessions sessions = node.getBean(LocalSessions.class);
            for (String userId : userIds) {
                sessions.ofUser(userId)
                        .forEach(connection -> connection.close(
                                CloseCodes.GOING_AWAY, CloseCodes.reason(CloseCodes.GOING_AWAY), null));
            }
        }
    }

    private static By message(String messageId) {
        return By.cssSelector("[data-testid='message'][data-message-id='" + messageId + "']");
    }

    private static List<String> texts(PageBrowser browser) {
        return browser.all(testId("message-text")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static String userId(ApiClient api, String username) {
        return api.get("/api/users?username=" + username).json().get("id").asString();
    }

    private static String groupId(ApiClient member, String name) {
        for (JsonNode group : member.get("/api/groups").json().get("items")) {
            if (name.equals(group.get("name").asString())) {
                return group.get("id").asString();
            }
        }
        throw new AssertionError("no group " + name);
    }

    private static List<String> groupTexts(ApiClient member, String groupId) {
        List<String> texts = new ArrayList<>();
        member.get("/api/chat/groups/" + groupId + "/messages?limit=200")
                .json()
                .get("items")
                .forEach(message -> texts.add(message.get("content").asString()));
        return texts;
    }

    private void snapshot(String label) {
        if (!SNAPSHOTS) {
            return;
        }
        for (PageBrowser browser : browsers) {
            try {
                browser.saveEvidence(EVIDENCE, label);
            } catch (Exception e) {
                System.err.println("could not save a snapshot of " + browser.name + ": " + e);
            }
        }
    }

    /** Progress in the test output, so that a slow or stuck step shows. */
    private void step(String what) {
        System.out.printf("[web page test %5.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }
}
