package im.relay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.messagegateway.support.WsClient;
import org.junit.jupiter.api.Test;

/** The finding of the security review, replayed on the whole system: a logout ends a socket proxied by the gateway. */
class LogoutThroughGatewayIT extends MessagingTestBase {

    @Test
    void aLogoutClosesASocketThroughTheApiGatewayWith4002AndItsReason() {
        Account ada = register("ada");
        try (WsClient socket = connectThroughGateway(ada, "WEB")) {
            socket.send("{\"type\":\"ping\",\"id\":\"open\"}");
            socket.await("pong", "id", "open");

            assertThat(ada.api().post("/api/auth/logout", "{}").status()).isEqualTo(204);

            assertThat(socket.awaitClose()).isEqualTo(4002);
            assertThat(socket.closeReason()).isEqualTo("session revoked");
        }
    }
}
