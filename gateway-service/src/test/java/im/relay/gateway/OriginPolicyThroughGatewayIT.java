package im.relay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.testing.TestServices;
import im.relay.messagegateway.support.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Only pages of allowed origins (by default the gateway's own page and other localhost pages) get CORS answers and
 * sockets; clients that send no Origin (apps, the SDK, the CLI) are not affected.
 */
class OriginPolicyThroughGatewayIT extends MessagingTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void answersCorsPreflightsOfLocalPagesAndRefusesOtherOriginsWithoutCorsHeaders() throws Exception {
        HttpResponse<String> local = preflight("http://localhost:5173");
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");

        HttpResponse<String> foreign = preflight("https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void refusesTheWebSocketHandshakeOfAPageOfAnotherOriginWith403() {
        Account eve = register("eve");
        URI uri = URI.create(
                "ws://127.0.0.1:" + TestServices.httpPort(system.gateway) + "/api/chat/ws?token=" + eve.accessToken());

        assertThatThrownBy(() -> WsClient.open(uri, Map.of("Origin", "https://evil.example")))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(403));
        for (Map<String, String> headers :
                List.of(Map.of("Origin", "http://localhost:8080"), Map.<String, String>of())) {
            try (WsClient socket = WsClient.open(uri, headers)) {
                socket.send("{\"type\":\"ping\",\"id\":\"o\"}");
                assertThat(socket.await("pong", "id", "o"))
                        .as(headers.toString())
                        .isNotNull();
            }
        }
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(client().base().resolve("/api/users/me"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "PATCH")
                        .header("Access-Control-Request-Headers", "authorization,content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
