package im.relay.messagegateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.testing.ApiClient;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A request to the socket path that never becomes a socket leaves nothing behind on the node. */
class OpeningIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void aPlainRequestWithAValidTokenNeitherRegistersNorKicksNorCountsAsASocketToDrain() {
        String user = "ursula-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        GatewayWebSocketHandler node2 = cluster.node(2).getBean(GatewayWebSocketHandler.class);
        try (WsClient web = cluster.connect(1, user, session, "WEB")) {
            web.send("{\"type\":\"ping\",\"id\":\"open\"}");
            web.await("pong", "id", "open");
            int before = settled(node2);

            ApiClient client = new ApiClient(URI.create("http://127.0.0.1:" + cluster.httpPort(2)))
                    .withToken(cluster.token(user, "s-" + UUID.randomUUID()));
            for (int i = 0; i < 5; i++) {
                ApiClient.Reply reply = client.get("/ws?platform=WEB");
                assertThat(reply.status()).isEqualTo(400);
                assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
            }

            // once counted, a request that never became a socket held a stopping node for its whole drain timeout
            assertThat(node2.active()).isLessThanOrEqualTo(before);
            web.send("{\"type\":\"ping\",\"id\":\"still-open\"}");
            web.await("pong", "id", "still-open");
            assertThat(web.isClosed()).isFalse();
            assertThat(cluster.redis().opsForHash().entries("relay:route:" + user))
                    .containsOnlyKeys(session);
        }
    }

    /** The node's count of sockets once other tests' sockets have finished unregistering. */
    private static int settled(GatewayWebSocketHandler handler) {
        int[] last = {-1};
        return await().pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            int now = handler.active();
                            boolean same = now == last[0];
                            last[0] = now;
                            return same ? now : -1;
                        },
                        count -> count >= 0);
    }
}
