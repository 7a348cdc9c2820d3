package im.relay.messagegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.security.SessionRevocations;
import im.relay.common.testing.ApiClient;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The WebSocket handshake: only a valid, live access token opens a socket; everything else is 401 before it. */
class HandshakeIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void refusesAHandshakeWithoutATokenWithProblemJson() {
        ApiClient.Reply reply = new ApiClient(URI.create("http://127.0.0.1:" + cluster.httpPort(1))).get("/ws");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.code()).isEqualTo("UNAUTHORIZED");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void refusesTheUpgradeWithABadToken() {
        assertThat(handshakeStatus("not-a-token")).isEqualTo(401);
        ApiClient.Reply reply = new ApiClient(URI.create("http://127.0.0.1:" + cluster.httpPort(1)))
                .withToken("not-a-token")
                .get("/ws");
        assertThat(reply.code()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void refusesTheUpgradeWithARevokedSession() {
        String session = "revoked-" + UUID.randomUUID();
        String token = cluster.token(user(), session);
        new SessionRevocations(cluster.redis()).revoke(session, Duration.ofMinutes(5));

        assertThat(handshakeStatus(token)).isEqualTo(401);
    }

    @Test
    void refusesAnExpiredTokenAsTokenExpired() {
        String token = cluster.tokens()
                .sign(cluster.tokens()
                        .claims(user(), "s-" + UUID.randomUUID())
                        .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5))))
                        .build());

        ApiClient.Reply reply = new ApiClient(URI.create("http://127.0.0.1:" + cluster.httpPort(1)))
                .withToken(token)
                .get("/ws");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void refusesAnUnknownPlatform() {
        ApiClient.Reply reply = new ApiClient(URI.create("http://127.0.0.1:" + cluster.httpPort(1) + ""))
                .withToken(cluster.token(user(), "s-" + UUID.randomUUID()))
                .get("/ws?platform=TOASTER");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void opensASocketAtTheApiGatewaysPathWithTheTokenInTheAuthorizationHeader() {
        String token = cluster.token(user(), "s-" + UUID.randomUUID());
        try (WsClient client = WsClient.open(
                URI.create("ws://127.0.0.1:" + cluster.httpPort(2) + "/api/chat/ws"),
                Map.of("Authorization", "Bearer " + token))) {
            client.send("{\"type\":\"ping\",\"id\":\"p1\"}");

            assertThat(client.await("pong", "id", "p1")).isNotNull();
        }
    }

    @Test
    void refusesAHandshakeFromAPageOfAnotherOriginWith403() {
        String token = cluster.token(user(), "s-" + UUID.randomUUID());
        ApiClient.Reply reply = new ApiClient(URI.create("http://127.0.0.1:" + cluster.httpPort(1)))
                .withHeader("Origin", "https://evil.example")
                .get("/ws?token=" + token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.code()).isEqualTo("FORBIDDEN");
        assertThatThrownBy(() -> WsClient.open(
                        URI.create("ws://127.0.0.1:" + cluster.httpPort(1) + "/ws?token=" + token),
                        Map.of("Origin", "http://localhost.evil.example:8080")))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void opensSocketsFromLocalPagesAndFromClientsThatSendNoOrigin() {
        for (Map<String, String> headers : List.of(
                Map.of("Origin", "http://localhost:8080"),
                Map.of("Origin", "http://127.0.0.1:5173"),
                Map.<String, String>of())) {
            String token = cluster.token(user(), "s-" + UUID.randomUUID());
            try (WsClient client = WsClient.open(
                    URI.create("ws://127.0.0.1:" + cluster.httpPort(1) + "/ws?token=" + token), headers)) {
                client.send("{\"type\":\"ping\",\"id\":\"o1\"}");

                assertThat(client.await("pong", "id", "o1"))
                        .as(headers.toString())
                        .isNotNull();
            }
        }
    }

    private int handshakeStatus(String token) {
        assertThatThrownBy(() -> GatewayCluster.connect(cluster.httpPort(1), token, "WEB"))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        try {
            GatewayCluster.connect(cluster.httpPort(1), token, "WEB");
            throw new AssertionError("the handshake succeeded");
        } catch (CompletionException e) {
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    private static String user() {
        return "user-" + UUID.randomUUID();
    }
}
