package im.relay.messagegateway.websocket;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Which web pages may open a socket ({@code relay.message-gateway.websocket}, live under --refresh). A browser sends
 * the page's {@code Origin} with every handshake, and a WebSocket is not bound by CORS: without this check any page a
 * user visits could open a socket with a token it got hold of. Handshakes without an {@code Origin} header (apps,
 * the SDK, the CLI) are not from a browser page and pass, and so does an origin that names this very server (the
 * request's own {@code Host}): a page this server would serve, or a proxy's WebSocket client, which makes one from the
 * address it connects to when its own client sent none (the API gateway's proxy of {@code /api/chat/ws} does).
 */
record AllowedOrigins(
        /** Origin patterns whose pages may connect, as Spring's CORS patterns: http://localhost:[*], https://*.example.com. */
        @DefaultValue({"http://localhost:[*]", "http://127.0.0.1:[*]"})
        List<String> allowedOrigins) {

    /** Whether {@code origin} is this server itself: http(s) and the authority the request was sent to. */
    static boolean isSameServer(String origin, @Nullable String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        for (String scheme : new String[] {"http://", "https://"}) {
            if (origin.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return origin.substring(scheme.length()).equalsIgnoreCase(host.strip());
            }
        }
        return false;
    }

    boolean allows(String origin) {
        CorsConfiguration patterns = new CorsConfiguration();
        patterns.setAllowedOriginPatterns(allowedOrigins);
        return patterns.checkOrigin(origin) != null;
    }
}
