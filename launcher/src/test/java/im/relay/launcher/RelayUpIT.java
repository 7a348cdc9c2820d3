package im.relay.launcher;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.testing.ApiClient;
import im.relay.messagegateway.support.WsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The README's run command, as a user runs it: {@code ./relay up} in a process of its own (on the launcher this
 * build just packaged), a scripted chat session against its real ports, a stop with SIGTERM (Ctrl-C), and a second
 * start that still has the history.
 */
class RelayUpIT {

    private static final URI API = URI.create("http://127.0.0.1:8080");

    @TempDir
    Path data;

    @TempDir
    Path logs;

    private Process relay;

    @AfterEach
    void stop() throws Exception {
        if (relay != null && relay.isAlive()) {
            relay.destroy();
            relay.waitFor();
        }
    }

    @Test
    void runsTheWholeSystemAndKeepsItsDataAcrossARestart() throws Exception {
        relay = start();
        String alice = "alice_" + suffix();
        String bob = "bob_" + suffix();
        Account a = register(alice);
        Account b = register(bob);
        a.api.post("/api/friends/requests", json("userId", b.id));
        assertThat(b.api.post("/api/friends/requests", json("userId", a.id)).status())
                .isEqualTo(200);
        String group = a.api.post("/api/groups", json("name", "launch", "memberIds", List.of(b.id)))
                .json()
                .get("id")
                .asString();

        try (WsClient aliceSocket = socket(a);
                WsClient bobSocket = socket(b)) {
            aliceSocket.send(json(
                    "type",
                    "send",
                    "id",
                    "m1",
                    "conversationType",
                    "PRIVATE",
                    "to",
                    b.id,
                    "contentType",
                    "TEXT",
                    "content",
                    "hello bob"));
            assertThat(aliceSocket
                            .await("ack", "id", "m1")
                            .path("message")
                            .path("seq")
                            .asLong())
                    .isEqualTo(1);
            assertThat(bobSocket
                            .await("message", "type", "message")
                            .path("message")
                            .path("content")
                            .asString())
                    .isEqualTo("hello bob");
            bobSocket.send(json(
                    "type",
                    "send",
                    "id",
                    "g1",
                    "conversationType",
                    "GROUP",
                    "to",
                    group,
                    "contentType",
                    "TEXT",
                    "content",
                    "hello group"));
            assertThat(bobSocket.await("ack", "id", "g1").path("type").asString())
                    .isEqualTo("ack");
            aliceSocket.await(frame ->
                    "hello group".equals(frame.path("message").path("content").asString()));
        }

        relay.destroy(); // SIGTERM, as Ctrl-C
        assertThat(relay.waitFor()).as("stopped by its shutdown hook").isIn(0, 143);
        assertThat(postmasterAlive()).as("no PostgreSQL left behind").isFalse();

        relay = start();
        ApiClient.Reply login =
                new ApiClient(API).post("/api/auth/login", json("username", alice, "password", "password1"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        ApiClient aliceAgain =
                new ApiClient(API).withToken(login.json().get("accessToken").asString());
        JsonNode history =
                aliceAgain.get("/api/chat/private/" + b.id + "/messages").json();
        assertThat(history.get("items").get(0).get("content").asString()).isEqualTo("hello bob");
        JsonNode groupHistory =
                aliceAgain.get("/api/chat/groups/" + group + "/messages").json();
        assertThat(groupHistory.get("items").get(0).get("content").asString()).isEqualTo("hello group");
    }

    @Test
    void refusesASecondInstanceOnTheSameDataDirectory() throws Exception {
        relay = start();
        Process second = new ProcessBuilder(command()).redirectErrorStream(true).start();
        String output = new String(second.getInputStream().readAllBytes());
        assertThat(second.waitFor()).isEqualTo(2);
        assertThat(output).contains("is in use by another Relay");
    }

    private int starts;

    private Process start() throws IOException {
        Path log = logs.resolve("relay-" + ++starts + ".log");
        Process process = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !process.isAlive() || Files.readString(log).contains("Relay is up"));
        assertThat(process.isAlive()).as(() -> readQuietly(log)).isTrue();
        return process;
    }

    private List<String> command() {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        return List.of(root.resolve("relay").toString(), "up", "--data", data.toString());
    }

    private boolean postmasterAlive() throws IOException {
        Path pid = data.resolve("postgres/postmaster.pid");
        if (!Files.exists(pid)) {
            return false;
        }
        return ProcessHandle.of(
                        Long.parseLong(Files.readAllLines(pid).getFirst().strip()))
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    private record Account(String id, String token, ApiClient api) {}

    private static Account register(String username) {
        ApiClient.Reply reply =
                new ApiClient(API).post("/api/auth/register", json("username", username, "password", "password1"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String token = reply.json().get("accessToken").asString();
        return new Account(reply.json().get("user").get("id").asString(), token, new ApiClient(API).withToken(token));
    }

    private static WsClient socket(Account account) {
        return WsClient.open(URI.create("ws://127.0.0.1:8080/api/chat/ws?token=" + account.token), Map.of());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
