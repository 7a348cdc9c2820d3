package im.relay.messagegateway;

import static im.relay.common.testing.ApiClient.json;
import static im.relay.messagegateway.ChatFramesIT.send;
import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.testing.ApiClient;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Bad input is the client's mistake: 400 VALIDATION_FAILED (or an error frame), never a 5xx. */
class BadInputIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void aRestSendWithoutClientMsgIdIsRefusedAsValidationFailed() {
        ApiClient alice = rest(user("alice"));

        ApiClient.Reply reply = alice.post(
                "/api/chat/private/" + user("bob") + "/messages", json("contentType", "TEXT", "content", "hi"));

        assertProblem(reply, 400, "VALIDATION_FAILED");
    }

    @Test
    void aRestSendWithControlCharactersIsRefusedBeforeItReachesAServer() {
        ApiClient carol = rest(user("carol"));
        String to = "/api/chat/private/" + user("dave") + "/messages";

        assertProblem(
                carol.post(to, json("clientMsgId", "c-1", "contentType", "TEXT", "content", "nul\u0000")),
                400,
                "VALIDATION_FAILED");
        assertProblem(
                carol.post(to, json("clientMsgId", "c\u0000", "contentType", "TEXT", "content", "hi")),
                400,
                "VALIDATION_FAILED");
        ApiClient.Reply lines =
                carol.post(to, json("clientMsgId", "c-2", "contentType", "TEXT", "content", "one\r\n\ttwo"));
        assertThat(lines.status()).as(lines.toString()).isEqualTo(201);
        assertThat(lines.json().get("content").asString()).isEqualTo("one\r\n\ttwo");
    }

    @Test
    void aWebSocketSendWithControlCharactersGetsAnErrorFrame() {
        String erin = user("erin");
        String frank = user("frank");
        try (WsClient client = cluster.connect(1, erin, session(), "WEB")) {
            client.send(send("w-1", "PRIVATE", frank, "escape \\u001b[2J"));
            client.send(send("w-2", "PRIVATE", frank, "nul \\u0000"));
            client.send(send("w-3", "PRIVATE", frank, "tab\\tand\\nnewline"));

            assertThat(client.await("error", "id", "w-1").get("code").asString())
                    .isEqualTo("VALIDATION_FAILED");
            assertThat(client.await("error", "id", "w-2").get("code").asString())
                    .isEqualTo("VALIDATION_FAILED");
            assertThat(client.await("ack", "id", "w-3")
                            .get("message")
                            .get("content")
                            .asString())
                    .isEqualTo("tab\tand\nnewline");
        }
    }

    private ApiClient rest(String userId) {
        return new ApiClient(URI.create("http://127.0.0.1:" + cluster.httpPort(1)))
                .withToken(cluster.token(userId, session()));
    }

    private static void assertProblem(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
    }
}
