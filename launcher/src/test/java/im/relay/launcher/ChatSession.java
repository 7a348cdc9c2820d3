package im.relay.launcher;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.testing.ApiClient;
import im.relay.messagegateway.support.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted session against a running Relay on its usual ports, as a person would have it: two users register and
 * befriend, chat over WebSockets through the API gateway, send a file, make a group and chat there.
 * {@link #assertHistoryKept} checks afterwards (after a restart, say) that both conversations and the file are still
 * there.
 */
final class ChatSession {

    static final URI API = URI.create("http://127.0.0.1:8080");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String alice = "alice_" + UUID.randomUUID().toString().substring(0, 8);
    final String bob = "bob_" + UUID.randomUUID().toString().substring(0, 8);
    String bobId;
    String group;
    String fileId;
    private final byte[] file = ("notes that outlive a restart " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

    void run() {
        Account a = register(alice);
        Account b = register(bob);
        bobId = b.id;
        a.api.post("/api/friends/requests", json("userId", b.id));
        assertThat(b.api.post("/api/friends/requests", json("userId", a.id)).status())
                .isEqualTo(200);
        group = a.api.post("/api/groups", json("name", "launch", "memberIds", List.of(b.id)))
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
        fileId = upload(a, "notes.txt", file).get("mediaId").asString();
        ApiClient.Reply sent = a.api.post(
                "/api/chat/private/" + b.id + "/messages",
                json("clientMsgId", "f1", "contentType", "FILE", "content", fileId));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    }

    void assertHistoryKept() {
        ApiClient.Reply login =
                new ApiClient(API).post("/api/auth/login", json("username", alice, "password", "password1"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        ApiClient aliceAgain =
                new ApiClient(API).withToken(login.json().get("accessToken").asString());
        JsonNode history =
                aliceAgain.get("/api/chat/private/" + bobId + "/messages").json();
        // newest first: the file, then the chat
        assertThat(history.get("items").get(0).get("contentType").asString()).isEqualTo("FILE");
        assertThat(history.get("items").get(1).get("content").asString()).isEqualTo("hello bob");
        JsonNode groupHistory =
                aliceAgain.get("/api/chat/groups/" + group + "/messages").json();
        assertThat(groupHistory.get("items").get(0).get("content").asString()).isEqualTo("hello group");
        // the upload, as the receiver downloads it: kept under the data directory (<data>/media)
        ApiClient.Reply bobLogin =
                new ApiClient(API).post("/api/auth/login", json("username", bob, "password", "password1"));
        HttpResponse<byte[]> download =
                get("/api/media/" + fileId, bobLogin.json().get("accessToken").asString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(file);
    }

    private record Account(String id, String token, ApiClient api) {}

    private static Account register(String username) {
        ApiClient.Reply reply =
                new ApiClient(API).post("/api/auth/register", json("username", username, "password", "password1"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String token = reply.json().get("accessToken").asString();
        return new Account(reply.json().get("user").get("id").asString(), token, new ApiClient(API).withToken(token));
    }

    /** {@code POST /api/media}: the raw bytes, the file's name in the query (docs/api-notes.md, Media). */
    private static JsonNode upload(Account account, String name, byte[] bytes) {
        HttpResponse<String> reply = exchange(
                HttpRequest.newBuilder(API.resolve("/api/media?name=" + name))
                        .header("Authorization", "Bearer " + account.token)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        return JSON.readTree(reply.body());
    }

    private static HttpResponse<byte[]> get(String path, String token) {
        return exchange(
                HttpRequest.newBuilder(API.resolve(path)).header("Authorization", "Bearer " + token),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static WsClient socket(Account account) {
        return WsClient.open(URI.create("ws://127.0.0.1:8080/api/chat/ws?token=" + account.token), Map.of());
    }
}
