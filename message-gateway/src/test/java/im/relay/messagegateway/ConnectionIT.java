package im.relay.messagegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;

/** A socket's own rules: frame shape, size, rate, liveness and token lifetime. */
class ConnectionIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void answersBadFramesWithErrorFramesAndStaysOpen() {
        try (WsClient client = connect()) {
            client.send("not json at all");
            client.send("[1,2,3]");
            client.send("{\"type\":\"send\",\"id\":\"c-1\"}");
            client.send("{\"type\":\"dance\",\"id\":\"d-1\"}");
            client.send("{\"id\":\"t-1\"}");
            client.send("{\"type\":\"sync\",\"id\":\"s-1\",\"conversationId\":42}");
            client.send("{\"type\":\"send\",\"id\":\"c-2\",\"conversationType\":\"PRIVATE\",\"to\":\"friend-1\","
                    + "\"contentType\":\"SYSTEM\",\"content\":\"hi\"}");
            client.send("{\"type\":\"ping\",\"id\":\"still-open\"}");

            client.await("pong", "id", "still-open");
            assertThat(client.frames(f -> f.path("type").asString().equals("error")))
                    .extracting(f ->
                            f.path("id").asString("") + "/" + f.path("code").asString())
                    .containsExactly(
                            "/MALFORMED_FRAME",
                            "/MALFORMED_FRAME",
                            "c-1/MALFORMED_FRAME",
                            "d-1/UNKNOWN_TYPE",
                            "t-1/MALFORMED_FRAME",
                            "s-1/MALFORMED_FRAME",
                            "c-2/VALIDATION_FAILED");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void answersAPingWithAPongThatEchoesItsId() {
        try (WsClient client = connect()) {
            client.send("{\"type\":\"ping\",\"id\":\"r-42\"}");

            JsonNode pong = client.await("pong", "id", "r-42");
            assertThat(pong.size()).isEqualTo(2);
        }
    }

    @Test
    void acceptsAFrameOfExactly64KiB() {
        try (WsClient client = connect()) {
            String head = "{\"type\":\"ping\",\"id\":\"";
            String tail = "\"}";
            String id = "x".repeat(65_536 - head.length() - tail.length());
            String frame = head + id + tail;
            assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(65_536);

            client.send(frame);

            assertThat(client.await("pong", "id", id)).isNotNull();
        }
    }

    @Test
    void closesWith1009AMessageOver64KiBSentInFragments() {
        try (WsClient client = connect()) {
            // the JDK client sends a long text as 16 KiB fragments: the whole message counts
            client.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(65 * 1024) + "\"}");

            assertThat(client.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void closesWith1009ASingleFrameOver64KiB() {
        String frame = "{\"type\":\"ping\",\"id\":\"" + "x".repeat(65 * 1024) + "\"}";

        WebSocketCloseStatus status = HttpClient.create()
                .websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(1 << 20)
                        .build())
                .uri(uri(1))
                .handle((in, out) -> out.sendString(Mono.just(frame)).then().then(in.receiveCloseStatus()))
                .blockFirst(Duration.ofSeconds(20));

        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1009);
    }

    @Test
    void refusesSendsOverTheRateLimitAndThenCloses4008() {
        try (WsClient client = connect()) {
            for (int i = 0; i < 400 && !client.isClosed(); i++) {
                try {
                    client.send(send("burst-" + i, "friend-" + UUID.randomUUID()));
                } catch (CompletionException closedMeanwhile) {
                    break;
                }
            }

            assertThat(client.awaitClose()).isEqualTo(4008);
            assertThat(client.frames(f -> f.path("type").asString().equals("ack")))
                    .hasSizeGreaterThanOrEqualTo(50);
            assertThat(client.frames(f -> f.path("code").asString().equals("RATE_LIMITED")))
                    .isNotEmpty()
                    .allSatisfy(error -> assertThat(error.path("id").asString()).startsWith("burst-"));
        }
    }

    @Test
    void pingsAndKeepsAClientThatAnswersPastTheIdleTimeout() {
        try (WsClient client = connect()) {
            // ping-interval 1 s and idle-timeout 4 s in these tests: six pings span more than the timeout
            await().atMost(Duration.ofSeconds(20)).until(() -> client.pings() >= 6);

            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void closesAClientThatStaysSilent() {
        // handlePing: the pings reach this handler, which ignores them, so no pong goes back
        WebSocketCloseStatus status = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().handlePing(true).build())
                .uri(uri(1))
                .handle((in, out) -> in.receiveFrames().then().then(in.receiveCloseStatus()))
                .blockFirst(Duration.ofSeconds(20));

        assertThat(status).isNotNull();
        assertThat(status.code()).isEqualTo(1000);
        assertThat(status.reasonText()).isEqualTo("idle timeout");
    }

    @Test
    void closesWith4003WhenTheAccessTokenExpires() {
        String token = cluster.tokens()
                .sign(cluster.tokens()
                        .claims("user-" + UUID.randomUUID(), "s-" + UUID.randomUUID())
                        .expirationTime(Date.from(Instant.now().plusSeconds(2)))
                        .build());

        try (WsClient client = GatewayCluster.connect(cluster.httpPort(2), token, "WEB")) {
            assertThat(client.awaitClose()).isEqualTo(4003);
        }
    }

    private URI uri(int node) {
        String token = cluster.token("user-" + UUID.randomUUID(), "s-" + UUID.randomUUID());
        return URI.create("ws://127.0.0.1:" + cluster.httpPort(node) + "/ws?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private WsClient connect() {
        return cluster.connect(1, "user-" + UUID.randomUUID(), "s-" + UUID.randomUUID(), "WEB");
    }

    static String send(String clientMsgId, String to) {
        return "{\"type\":\"send\",\"id\":\"" + clientMsgId + "\",\"conversationType\":\"PRIVATE\",\"to\":\"" + to
                + "\",\"contentType\":\"TEXT\",\"content\":\"hello\"}";
    }
}
