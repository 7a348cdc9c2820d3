package im.relay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.testing.ApiClient;
import org.junit.jupiter.api.Test;

/** The chat page's files come from the gateway without a token, with the page's headers; the API is unchanged. */
class WebPageServingIT extends GatewayTestBase {

    @Test
    void servesThePageAndItsFilesWithoutATokenAndWithAStrictPolicy() {
        ApiClient browser = client().withHeader("Accept", "text/html");

        ApiClient.Reply page = browser.get("/");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self'")
                .contains("connect-src 'self' ws://127.0.0.1:")
                .contains("frame-ancestors 'none'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");

        for (String file : new String[] {
            "/index.html",
            "/app.js",
            "/style.css",
            "/layout.css",
            "/chat.css",
            "/widgets.css",
            "/js/chat.js",
            "/favicon.svg"
        }) {
            ApiClient.Reply reply = client().get(file);
            assertThat(reply.status()).as(file + ": " + reply).isEqualTo(200);
        }
        assertThat(client().get("/app.js").header("Content-Type")).contains("javascript");
    }

    @Test
    void unknownPathsStillAnswerProblemJson() {
        ApiClient api = register("webpage").api();

        assertProblem(api.get("/api/nowhere"), 404, "NOT_FOUND");
        assertProblem(client().get("/api/nowhere"), 404, "NOT_FOUND");
        assertProblem(client().get("/api/index.html"), 404, "NOT_FOUND");
        assertProblem(client().get("/no-such-page.html"), 404, "NOT_FOUND");
        assertThat(api.get("/api/nowhere").header("Content-Security-Policy")).isNull();
    }
}
