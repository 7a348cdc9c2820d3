package im.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.gateway.RelaySystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/**
 * The client commands of {@code ./relay}, run as a user would run them (each invocation a fresh command with its own
 * config directory per user) against the whole running system, checking what they print and their exit status.
 */
class CliIT {

    static final RelaySystem system = RelaySystem.start();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private static final String NETWORK = "10." + ThreadLocalRandom.current().nextInt(256) + ".";
    private static final AtomicInteger people = new AtomicInteger();

    @TempDir
    Path home;

    @Command(name = "relay")
    static final class Root {}

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return ClientCommand.JSON.readTree(out);
        }
    }

    /** One person at a terminal: a username, a config directory and a client address of their own. */
    final class Person {
        final String username;
        final Path config;
        final String address = NETWORK + "1." + people.incrementAndGet();

        Person(String name) {
            this.username = name + "_" + RUN + "_" + people.get();
            this.config = home.resolve(username);
        }

        Run relay(String... args) {
            CommandLine cli = ClientCommands.addTo(new CommandLine(new Root()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--config-dir", config.toString(), "-H", "X-Forwarded-For: " + address));
            if (!all.contains("--server")) {
                all.addAll(List.of("--server", system.gatewayUri().toString()));
            }
            int exit = cli.execute(all.toArray(String[]::new));
            return new Run(exit, out.toString(), err.toString());
        }

        Person registered() {
            Run run = relay("register", username, "--password", "secret-" + username);
            assertThat(run.exit()).as(run.err()).isZero();
            return this;
        }
    }

    @Test
    void registerBefriendChatAndFollowFromTheCommandLine() throws Exception {
        Person alice = new Person("alice");
        Person bob = new Person("bob").registered();
        Person carol = new Person("carol").registered();

        Run registered = alice.relay("register", alice.username, "--password", "secret-a1", "--nickname", "Alice");
        assertThat(registered.exit()).isZero();
        assertThat(registered.out()).startsWith("registered and logged in as " + alice.username + " (Alice)");
        Path session = alice.config.resolve("session.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session)))
                .isEqualTo("rw-------");
        assertThat(alice.relay("whoami", "--json").json().path("username").asString())
                .isEqualTo(alice.username);

        assertThat(alice.relay("friends", "add", bob.username).out()).contains("asked " + bob.username);
        Run requests = bob.relay("friends", "requests");
        assertThat(requests.out()).startsWith(alice.username + "\t");
        assertThat(bob.relay("friends", "accept", alice.username).exit()).isZero();
        JsonNode friends = alice.relay("friends", "list", "--json").json();
        assertThat(friends.path("items").get(0).path("username").asString()).isEqualTo(bob.username);

        Run sent = alice.relay("send", bob.username, "hello", "bob");
        assertThat(sent.exit()).isZero();
        assertThat(sent.out()).isEqualToIgnoringNewLines("sent to " + bob.username + " (#1)");
        Run history = bob.relay("history", alice.username);
        assertThat(history.out()).startsWith("#1\t").contains("\t" + alice.username + ": hello bob");
        assertThat(bob.relay("history", alice.username, "--json")
                        .json()
                        .path("items")
                        .get(0)
                        .path("content")
                        .asString())
                .isEqualTo("hello bob");
        String helloId = bob.relay("history", alice.username, "--json")
                .json()
                .path("items")
                .get(0)
                .path("messageId")
                .asString();
        Run edited = alice.relay("edit", helloId, "hello", "bob!");
        assertThat(edited.out()).as(edited.err()).isEqualToIgnoringNewLines("edited #1");
        assertThat(bob.relay("react", helloId, "\uD83D\uDC4D").out()).isEqualToIgnoringNewLines("#1 [\uD83D\uDC4D 1]");
        assertThat(bob.relay("history", alice.username).out())
                .contains(alice.username + ": hello bob! (edited)  [\uD83D\uDC4D 1]");
        assertThat(bob.relay("edit", helloId, "mine").exit()).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(bob.relay("react", helloId, "like").exit()).isEqualTo(ExitCodes.INVALID);

        Run created = alice.relay("groups", "create", "trip", bob.username);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(alice.relay("groups", "add", "trip", carol.username).out())
                .contains("added " + carol.username + " to trip");
        assertThat(bob.relay("groups", "list").out()).startsWith("trip\t3 members\tMEMBER\t");
        JsonNode members = alice.relay("groups", "members", "trip", "--json").json();
        assertThat(members.path("items"))
                .extracting(m -> m.path("role").asString())
                .contains("OWNER", "MEMBER");
        assertThat(carol.relay("send", "--group", "trip", "hi", "all").exit()).isZero();
        assertThat(bob.relay("history", "--group", "trip").out()).contains(carol.username + ": hi all");
        JsonNode groupHistory =
                bob.relay("history", "--group", "trip", "--json").json().path("items");
        String hiId =
                groupHistory.get(groupHistory.size() - 1).path("messageId").asString();
        Run replied = alice.relay(
                "send",
                "--group",
                "trip",
                "--reply-to",
                hiId,
                "--mention",
                bob.username,
                "--mention",
                "all",
                "welcome");
        assertThat(replied.exit()).as(replied.err()).isZero();
        assertThat(bob.relay("history", "--group", "trip").out())
                .contains(alice.username + ": [re " + carol.username + ": hi all] welcome (mentions " + bob.username
                        + ", @all)");
        assertThat(bob.relay("unread").out()).contains("trip\t").contains("1 mentioning you");
        assertThat(carol.relay("send", "--group", "trip", "--mention", "all", "hey")
                        .exit())
                .isEqualTo(ExitCodes.FORBIDDEN);

        CompletableFuture<Run> tail = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> tail.complete(bob.relay("tail", "--count", "2", "--timeout", "60s", "--json")));
        Thread.sleep(1_000); // give it time to connect; what it misses meanwhile it syncs anyway
        alice.relay("send", bob.username, "one");
        carol.relay("send", "--group", "trip", "two");
        Run followed = tail.get(90, TimeUnit.SECONDS);
        assertThat(followed.exit()).as(followed.err()).isZero();
        List<String> contents = followed.out()
                .lines()
                .map(line -> ClientCommand.JSON.readTree(line))
                .filter(event -> event.path("type").asString().equals("message"))
                .map(event -> event.path("message").path("content").asString())
                .toList();
        assertThat(contents).as(followed.err()).containsExactlyInAnyOrder("one", "two");

        assertThat(alice.relay("logout").out()).contains("logged out");
        assertThat(session).doesNotExist();
        Run after = alice.relay("whoami");
        assertThat(after.exit()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(after.err()).contains("NOT_LOGGED_IN");
    }

    @Test
    void deleteAccountWantsYesAndThePasswordAndForgetsTheSession() {
        Person fay = new Person("fay").registered();
        Person gus = new Person("gus").registered();
        assertThat(fay.relay("delete-account", "--password", "secret-" + fay.username)
                        .exit())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(fay.relay("delete-account", "--yes", "--password", "wrong-password")
                        .exit())
                .isEqualTo(ExitCodes.UNAUTHORIZED);

        Run deleted = fay.relay("delete-account", "--yes", "--password", "secret-" + fay.username);

        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("account deleted");
        assertThat(fay.config.resolve("session.json")).doesNotExist();
        Run login = fay.relay("login", fay.username, "--password", "secret-" + fay.username);
        assertThat(login.exit()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(gus.relay("friends", "add", fay.username).exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void sendFileUploadsAFileAndSendsItsId() throws Exception {
        Person alice = new Person("alice").registered();
        Person bob = new Person("bob").registered();
        assertThat(alice.relay("friends", "add", bob.username).exit()).isZero();
        assertThat(bob.relay("friends", "accept", alice.username).exit()).isZero();
        Path file =
                Files.writeString(Files.createDirectories(alice.config).resolve("report.txt"), "quarterly numbers\n");

        Run sent = alice.relay("send-file", bob.username, file.toString());
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).startsWith("sent report.txt (text/plain, 18 bytes) to " + bob.username + " (#1)");
        JsonNode message = bob.relay("history", alice.username, "--json")
                .json()
                .path("items")
                .get(0);
        assertThat(message.path("contentType").asString()).isEqualTo("FILE");
        assertThat(ClientCommand.JSON
                        .readTree(message.path("content").asString())
                        .path("name")
                        .asString())
                .isEqualTo("report.txt");

        assertThat(alice.relay("groups", "create", "files", bob.username).exit())
                .isZero();
        Run toGroup = alice.relay("send-file", "--group", "files", file.toString());
        assertThat(toGroup.exit()).as(toGroup.err()).isZero();
        assertThat(toGroup.out()).startsWith("sent report.txt (text/plain, 18 bytes) to files (#");
        JsonNode inGroup =
                bob.relay("history", "--group", "files", "--json").json().path("items");
        assertThat(inGroup.values().stream()
                        .filter(item -> item.path("contentType").asString().equals("FILE"))
                        .map(item -> ClientCommand.JSON
                                .readTree(item.path("content").asString())
                                .path("name")
                                .asString()))
                .containsExactly("report.txt");

        Run missing = alice.relay(
                "send-file", bob.username, file.resolveSibling("absent.txt").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no readable file");
    }

    @Test
    void exitStatusSaysWhatWentWrong() {
        Person dave = new Person("dave").registered();
        Person erin = new Person("erin").registered();

        Run taken = new Person("dave").relay("register", dave.username, "--password", "secret-xyz");
        assertThat(taken.exit()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(taken.err()).startsWith("relay: USERNAME_TAKEN");

        Run wrongPassword = dave.relay("login", dave.username, "--password", "not-the-password");
        assertThat(wrongPassword.exit()).isEqualTo(ExitCodes.UNAUTHORIZED);
        assertThat(wrongPassword.err()).contains("INVALID_CREDENTIALS");

        Run strangers = dave.relay("send", erin.username, "hi");
        assertThat(strangers.exit()).isEqualTo(ExitCodes.FORBIDDEN);
        assertThat(strangers.err()).contains("NOT_FRIENDS");

        assertThat(dave.relay("friends", "add", "nobody_" + RUN).exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(dave.relay("history", "--group", "no such group").exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(dave.relay("friends", "add", dave.username).exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(dave.relay("send").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(dave.relay("tail", "--timeout", "soon").exit()).isEqualTo(ExitCodes.USAGE);

        Run unreachable = new Person("frank")
                .relay("login", "frank", "--password", "whatever1", "--server", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).startsWith("relay: UNREACHABLE");
    }
}
