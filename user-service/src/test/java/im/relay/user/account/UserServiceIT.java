package im.relay.user.account;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.identity.CallerContext;
import im.relay.common.outbox.Topics;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestKafka;
import im.relay.common.testing.WebhookReceiver;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import im.relay.proto.events.v1.UserEvent;
import im.relay.proto.user.v1.BatchGetUsersRequest;
import im.relay.proto.user.v1.CreateUserRequest;
import im.relay.proto.user.v1.User;
import im.relay.proto.user.v1.UserServiceGrpc;
import im.relay.proto.user.v1.VerifyCredentialsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.grpc.server.port=0")
class UserServiceIT {

    static final TestTokens tokens = TestTokens.start();
    static final FakeAuthService auth = FakeAuthService.start();
    static ManagedChannel channel;
    static final String WEBHOOK_SECRET = "webhook-secret-" + UUID.randomUUID();
    static final WebhookReceiver webhook = new WebhookReceiver(WEBHOOK_SECRET);

    @DynamicPropertySource
    static void engines(DynamicPropertyRegistry registry) {
        EngineProperties.registerWithKafka(registry, "user");
        registry.add("relay.auth.jwks-uri", () -> tokens.jwksUri().toString());
        registry.add("spring.grpc.client.channels.auth-service.address", auth::address);
        registry.add("relay.webhooks.secret", () -> WEBHOOK_SECRET);
        registry.add("relay.webhooks.events.url", () -> webhook.uri().toString());
    }

    @LocalServerPort
    int httpPort;

    @Value("${local.grpc.port}")
    int grpcPort;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    UserServiceGrpc.UserServiceBlockingStub grpc;
    ApiClient anonymous;

    @BeforeEach
    void clients() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
                    .usePlaintext()
                    .intercept(new CallerClientInterceptor())
                    .build();
        }
        grpc = UserServiceGrpc.newBlockingStub(channel);
        anonymous = new ApiClient(URI.create("http://127.0.0.1:" + httpPort));
    }

    @AfterAll
    static void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        tokens.close();
        auth.close();
        webhook.close();
    }

    @Test
    void registersAUserWhoSeesTheirOwnProfileWithEmail() {
        String name = unique("alice");
        User created = register(name, "correct horse", name + "@example.com", "Alice");

        ApiClient.Reply me = as(created).get("/api/users/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(created.getId());
        assertThat(me.json().get("username").asString()).isEqualTo(name);
        assertThat(me.json().get("nickname").asString()).isEqualTo("Alice");
        assertThat(me.json().get("email").asString()).isEqualTo(name + "@example.com");
        assertThat(me.json().get("createdAt").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(me.body()).doesNotContain("argon2").doesNotContain("password");
    }

    @Test
    void storesOnlyAnArgon2idHashAtOwaspParameters() {
        String name = unique("hash");
        User created = register(name, "correct horse", null, null);

        String hash = jdbc.sql("SELECT password_hash FROM users WHERE id = :id")
                .param("id", UUID.fromString(created.getId()))
                .query(String.class)
                .single();

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(created.getNickname()).isEqualTo(name);
    }

    @Test
    void usernamesAndEmailsAreUniqueCaseInsensitively() {
        String name = unique("bob");
        register(name, "password1", name + "@example.com", null);

        assertCode(() -> register(name.toUpperCase(), "password1", null, null), ErrorCode.USERNAME_TAKEN);
        assertCode(
                () -> register(unique("other"), "password1", name.toUpperCase() + "@EXAMPLE.com", null),
                ErrorCode.EMAIL_TAKEN);
    }

    @Test
    void refusesInvalidRegistrations() {
        assertCode(() -> register("ab", "password1", null, null), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> register("a".repeat(33), "password1", null, null), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> register("bad name", "password1", null, null), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> register(unique("p"), "short", null, null), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> register(unique("p"), "x".repeat(129), null, null), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> register(unique("p"), "password1", "not-an-email", null), ErrorCode.VALIDATION_FAILED);
        assertCode(() -> register(unique("p"), "password1", null, "n".repeat(65)), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void verifiesCredentialsCaseInsensitivelyAndFailsAlikeForUnknownUserAndWrongPassword() {
        String name = unique("carol");
        User created = register(name, "correct horse", null, null);

        assertThat(grpc.verifyCredentials(credentials(name.toUpperCase(), "correct horse"))
                        .getUser()
                        .getId())
                .isEqualTo(created.getId());
        var wrongPassword = failure(() -> grpc.verifyCredentials(credentials(name, "wrong horse")));
        var unknownUser = failure(() -> grpc.verifyCredentials(credentials(unique("nobody"), "correct horse")));
        assertThat(wrongPassword.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        assertThat(unknownUser.code()).isEqualTo(wrongPassword.code());
        assertThat(unknownUser.detail()).isEqualTo(wrongPassword.detail());
    }

    @Test
    void updatesTheProfileAndClearsFields() {
        String name = unique("dave");
        ApiClient dave = as(register(name, "password1", name + "@example.com", null));

        ApiClient.Reply updated =
                dave.patch("/api/users/me", json("nickname", "  Dave  ", "avatarUrl", "https://img.example.com/d.png"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("nickname").asString()).isEqualTo("Dave");
        assertThat(updated.json().get("avatarUrl").asString()).isEqualTo("https://img.example.com/d.png");
        assertThat(updated.json().get("email").asString()).isEqualTo(name + "@example.com");

        ApiClient.Reply cleared = dave.patch("/api/users/me", json("email", "", "avatarUrl", ""));
        assertThat(cleared.json().get("email").isNull()).isTrue();
        assertThat(cleared.json().get("avatarUrl").asString()).isEmpty();
    }

    @Test
    void refusesInvalidProfileChangesWithProblems() {
        String taken = unique("taken");
        register(taken, "password1", taken + "@example.com", null);
        ApiClient erin = as(register(unique("erin"), "password1", null, null));

        assertProblem(erin.patch("/api/users/me", json("avatarUrl", "javascript:alert(1)")), 400, "VALIDATION_FAILED");
        assertProblem(erin.patch("/api/users/me", json("nickname", " ")), 400, "VALIDATION_FAILED");
        assertProblem(erin.patch("/api/users/me", json("email", taken + "@example.com")), 409, "EMAIL_TAKEN");
        assertProblem(erin.patch("/api/users/me", "{\"nickname\": "), 400, "VALIDATION_FAILED");
        assertProblem(erin.patch("/api/users/me", "[]"), 400, "VALIDATION_FAILED");
    }

    @Test
    void refusesControlCharactersInProfileTextAndSearches() {
        ApiClient kim = as(register(unique("kim"), "password1", null, null));

        assertProblem(kim.patch("/api/users/me", json("nickname", "Kim\u0000")), 400, "VALIDATION_FAILED");
        assertProblem(kim.patch("/api/users/me", json("nickname", "Kim\nKim")), 400, "VALIDATION_FAILED");
        assertProblem(kim.patch("/api/users/me", json("email", "kim\u0000@example.com")), 400, "VALIDATION_FAILED");
        assertProblem(kim.get("/api/users/search?q=k%00"), 400, "VALIDATION_FAILED");
        assertProblem(kim.get("/api/users?username=k%00im"), 400, "VALIDATION_FAILED");
        assertCode(() -> register(unique("lee"), "password1", null, "Lee\u0007"), ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void stripsBidiControlsAndZeroWidthCharactersFromNicknames() {
        ApiClient mia = as(register(unique("mia"), "password1", null, null));

        ApiClient.Reply renamed = mia.patch("/api/users/me", json("nickname", "\u202eMia\u200b\u2066 A\u2069\ufeff"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().get("nickname").asString()).isEqualTo("Mia A");
        assertProblem(mia.patch("/api/users/me", json("nickname", "\u200b\u200d")), 400, "VALIDATION_FAILED");
        assertThat(register(unique("ned"), "password1", null, "\u202dNed").getNickname())
                .isEqualTo("Ned");
    }

    @Test
    void verifyCredentialsLocksAnAccountAfterFiveFailuresEvenForTheRightPasswordButNoOtherAccount() {
        String name = unique("lena");
        String other = unique("otto");
        register(name, "password1", null, null);
        register(other, "password1", null, null);

        for (int i = 0; i < 5; i++) {
            String wrong = "wrong" + i;
            assertThat(failure(() -> grpc.verifyCredentials(credentials(name.toUpperCase(), wrong)))
                            .code())
                    .isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        }
        var locked = failure(() -> grpc.verifyCredentials(credentials(name, "password1")));

        assertThat(locked.code()).as(locked.detail()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(locked.retryAfter())
                .hasValueSatisfying(wait -> assertThat(wait.toSeconds()).isBetween(1L, 60L));
        assertThat(grpc.verifyCredentials(credentials(other, "password1"))
                        .getUser()
                        .getUsername())
                .isEqualTo(other);
    }

    @Test
    void changesThePasswordOnlyWithTheCurrentOneAndEndsTheCallersOtherSessionsInAuthService() {
        String name = unique("frank");
        User user = register(name, "old password", null, null);
        String token = tokens.accessToken(user.getId());
        ApiClient frank = anonymous.withToken(token);

        assertProblem(
                frank.put("/api/users/me/password", json("currentPassword", "wrong", "newPassword", "new password")),
                401,
                "INVALID_CREDENTIALS");
        assertProblem(
                frank.put("/api/users/me/password", json("currentPassword", "old password", "newPassword", "short")),
                400,
                "VALIDATION_FAILED");
        assertThat(frank.put(
                                "/api/users/me/password",
                                json("currentPassword", "old password", "newPassword", "new password"))
                        .status())
                .isEqualTo(204);

        assertThat(grpc.verifyCredentials(credentials(name, "new password"))
                        .getUser()
                        .getUsername())
                .isEqualTo(name);
        assertThat(failure(() -> grpc.verifyCredentials(credentials(name, "old password")))
                        .code())
                .isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        assertThat(auth.endOtherSessionsCalls())
                .as("only the accepted change ended sessions, for the caller")
                .containsExactly("Bearer " + token);
    }

    @Test
    void deletingTheAccountNeedsThePasswordEndsEverySessionAndPublishesUserDeletedOnce() throws Exception {
        String name = unique("del");
        User gone = register(name, "password1", name + "@example.com", "Del");
        String token = tokens.accessToken(gone.getId());
        ApiClient me = anonymous.withToken(token);
        ApiClient other = as(register(unique("other"), "password1", null, null));

        assertProblem(me.delete("/api/users/me", json("password", "wrong password")), 401, "INVALID_CREDENTIALS");
        assertProblem(me.delete("/api/users/me", "{}"), 401, "INVALID_CREDENTIALS");
        assertProblem(me.delete("/api/users/me", json("password", 12345678)), 400, "VALIDATION_FAILED");
        assertThat(auth.endAllSessionsCalls()).doesNotContain("Bearer " + token);

        assertThat(me.delete("/api/users/me", json("password", "password1")).status())
                .isEqualTo(204);

        assertThat(auth.endAllSessionsCalls()).containsOnlyOnce("Bearer " + token);
        // auth-service would refuse the token from now on; were it still accepted, the user is gone
        assertProblem(me.delete("/api/users/me", json("password", "password1")), 404, "NOT_FOUND");
        assertProblem(me.get("/api/users/me"), 404, "NOT_FOUND");
        assertThat(failure(() -> grpc.verifyCredentials(credentials(name, "password1")))
                        .code())
                .isEqualTo(ErrorCode.INVALID_CREDENTIALS);
        ApiClient.Reply placeholder = other.get("/api/users/" + gone.getId());
        assertThat(placeholder.status()).isEqualTo(200);
        assertThat(placeholder.json().get("deleted").asBoolean()).isTrue();
        assertThat(placeholder.json().get("nickname").asString()).isEqualTo("Deleted user");
        assertThat(placeholder.json().get("username").asString()).isEmpty();
        assertThat(other.get("/api/users/search?q=" + name).json().get("total").asLong())
                .isZero();
        assertProblem(other.get("/api/users?username=" + name), 404, "NOT_FOUND");
        assertThat(other.get("/api/users/" + UUID.randomUUID()).status()).isEqualTo(404);
        // the username and the email are free again
        assertThat(register(name, "password2", name + "@example.com", null).getId())
                .isNotEqualTo(gone.getId());

        List<byte[]> events = TestKafka.readAll(
                Engines.shared().kafka().bootstrapServers(), Topics.USERS, gone.getId(), Duration.ofSeconds(3));
        assertThat(events).hasSize(2);
        UserEvent registered = UserEvent.parseFrom(events.getFirst());
        assertThat(registered.getRegistered().getUsername()).isEqualTo(name);
        assertThat(registered.getRegistered().getNickname()).isEqualTo("Del");
        UserEvent deleted = UserEvent.parseFrom(events.getLast());
        assertThat(deleted.getUserId()).isEqualTo(gone.getId());
        assertThat(deleted.hasDeleted()).isTrue();
    }

    @Test
    void eachRegistrationAndDeletionIsPostedSignedToTheEventsWebhookOnce() {
        WebhookReceiver.awaitListening(context);
        String name = unique("hook");
        User user = register(name, "password1", name + "@example.com", "Hook");
        assertThat(as(user).delete("/api/users/me", json("password", "password1"))
                        .status())
                .isEqualTo(204);

        await().untilAsserted(() -> assertThat(webhook.calls().stream()
                        .filter(call -> call.body().contains(user.getId()))
                        .map(call -> call.header("Relay-Event")))
                .containsExactly("user.registered", "user.deleted"));
        List<WebhookReceiver.Call> calls = webhook.calls().stream()
                .filter(call -> call.body().contains(user.getId()))
                .toList();
        assertThat(calls).allMatch(WebhookReceiver.Call::signedCorrectly);
        assertThat(calls).extracting(call -> call.header("Relay-Event-Id")).doesNotHaveDuplicates();
        JsonNode registered = calls.getFirst().json();
        assertThat(registered.path("id").asString()).isEqualTo(calls.getFirst().header("Relay-Event-Id"));
        assertThat(registered.path("data").path("userId").asString()).isEqualTo(user.getId());
        assertThat(registered.path("data").path("username").asString()).isEqualTo(name);
        assertThat(registered.path("data").path("nickname").asString()).isEqualTo("Hook");
        assertThat(registered.path("data").path("createdAt").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(calls.getFirst().body()).doesNotContain("@example.com").doesNotContain("password");
        assertThat(calls.getLast().json().path("data").path("userId").asString())
                .isEqualTo(user.getId());
    }

    @Test
    void showsOthersOnlyTheirPublicProfile() {
        String name = unique("grace");
        User grace = register(name, "password1", name + "@example.com", "Grace");
        ApiClient other = as(register(unique("heidi"), "password1", null, null));

        ApiClient.Reply byId = other.get("/api/users/" + grace.getId());
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("username").asString()).isEqualTo(name);
        assertThat(byId.json().has("email")).isFalse();

        ApiClient.Reply byName = other.get("/api/users?username=" + name.toUpperCase());
        assertThat(byName.json().get("id").asString()).isEqualTo(grace.getId());
        assertThat(byName.json().has("email")).isFalse();

        assertProblem(other.get("/api/users/" + UUID.randomUUID()), 404, "NOT_FOUND");
        assertProblem(other.get("/api/users/not-a-uuid"), 404, "NOT_FOUND");
        assertProblem(other.get("/api/users?username=" + unique("ghost")), 404, "NOT_FOUND");
    }

    @Test
    void searchesUsernamesAndNicknamesCaseInsensitivelyAPageAtATime() {
        String tag = "srch" + UUID.randomUUID().toString().substring(0, 6);
        register(tag + "_one", "password1", null, null);
        register(tag + "_two", "password1", null, null);
        register(unique("nick"), "password1", null, "The " + tag.toUpperCase() + " fan");
        ApiClient searcher = as(register(unique("ivan"), "password1", null, null));

        ApiClient.Reply all = searcher.get("/api/users/search?q=" + tag.toUpperCase());
        assertThat(all.json().get("total").asInt()).isEqualTo(3);
        assertThat(all.json().get("items")).hasSize(3);
        assertThat(all.json().get("items").get(0).has("email")).isFalse();

        ApiClient.Reply page = searcher.get("/api/users/search?q=" + tag + "&limit=2&offset=2");
        assertThat(page.json().get("items")).hasSize(1);
        assertThat(page.json().get("total").asInt()).isEqualTo(3);

        assertThat(searcher.get("/api/users/search?q=%25").json().get("total").asInt())
                .isZero();
        assertProblem(searcher.get("/api/users/search"), 400, "VALIDATION_FAILED");
        assertProblem(searcher.get("/api/users/search?q=a&limit=0"), 400, "VALIDATION_FAILED");
        assertProblem(searcher.get("/api/users/search?q=a&limit=abc"), 400, "VALIDATION_FAILED");
        assertProblem(searcher.get("/api/users/search?q=a&offset=-1"), 400, "VALIDATION_FAILED");
    }

    @Test
    void everyRestCallNeedsAValidToken() {
        assertProblem(anonymous.get("/api/users/me"), 401, "UNAUTHORIZED");
        assertProblem(anonymous.withToken("garbage").get("/api/users/me"), 401, "UNAUTHORIZED");
        assertProblem(anonymous.get("/api/users/search?q=a"), 401, "UNAUTHORIZED");
    }

    @Test
    void grpcCallsForACallerNeedTheirToken() {
        BatchGetUsersRequest request =
                BatchGetUsersRequest.newBuilder().addUserIds("x").build();
        assertThat(failure(() -> grpc.batchGetUsers(request)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);

        User jane = register(unique("jane"), "password1", null, null);
        Caller caller = new Caller(jane.getId(), "s", tokens.accessToken(jane.getId()));
        List<User> found = CallerContext.runAsCall(
                caller,
                () -> grpc.batchGetUsers(BatchGetUsersRequest.newBuilder()
                                .addUserIds(jane.getId())
                                .addUserIds(UUID.randomUUID().toString())
                                .addUserIds("malformed")
                                .build())
                        .getUsersList());
        assertThat(found).extracting(User::getId).containsExactly(jane.getId());
        assertThat(found.getFirst().hasEmail()).isFalse();
    }

    private User register(String username, String password, String email, String nickname) {
        CreateUserRequest.Builder request =
                CreateUserRequest.newBuilder().setUsername(username).setPassword(password);
        if (email != null) {
            request.setEmail(email);
        }
        if (nickname != null) {
            request.setNickname(nickname);
        }
        return grpc.createUser(request.build()).getUser();
    }

    private ApiClient as(User user) {
        return anonymous.withToken(tokens.accessToken(user.getId()));
    }

    private static VerifyCredentialsRequest credentials(String username, String password) {
        return VerifyCredentialsRequest.newBuilder()
                .setUsername(username)
                .setPassword(password)
                .build();
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static im.relay.common.error.RelayException failure(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return GrpcErrors.fromStatus(e);
        }
        throw new AssertionError("the call succeeded");
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run)
                .satisfies(e -> assertThat(GrpcErrors.fromStatus(e).code()).isEqualTo(code));
    }

    private static void assertProblem(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
    }
}
