package im.relay.messagegateway.websocket;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Which web pages may open a socket ({@code relay.message-gateway.websocket}, live under --refresh). A browser sends
 * the page's {@code Origin} with every handshake, and a WebSocket is not bound by CORS: without this check any page a
 * user visits could open a socket with a token it got hold of. Handshakes without an {@code Origin} header (apps,
 * the SDK, the CLI) are not from a browser page and pass.
 */
record AllowedOrigins(
        /** Origin patterns whose pages may connect, as Spring's CORS patterns: http://localhost:[*], https://*.example.com. */
        @DefaultValue({"http://localhost:[*]", "http://127.0.0.1:[*]"})
        List<String> allowedOrigins) {

    boolean allows(String origin) {
        CorsConfiguration patterns = new CorsConfiguration();
        patterns.setAllowedOriginPatterns(allowedOrigins);
        return patterns.checkOrigin(origin) != null;
    }
}
