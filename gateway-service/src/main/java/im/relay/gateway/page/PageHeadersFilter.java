package im.relay.gateway.page;

import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security and caching headers for the chat page (relay-web's files, which WebFlux serves from
 * {@code classpath:/static/} outside the gateway's routes). The page may load only its own scripts and styles and
 * talk only to its own origin, over HTTP and WebSocket; no inline script, no framing. The API's answers are left as
 * the services write them.
 */
@Component
class PageHeadersFilter implements WebFilter {

    /** A Host header fit to be echoed into the policy: a name or address and an optional port, nothing else. */
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (isPage(path)) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set(
                    "Content-Security-Policy",
                    policy(exchange.getRequest().getHeaders().getFirst("Host")));
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            // revalidate each time (Last-Modified answers 304): a new release shows at once
            headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        return chain.filter(exchange);
    }

    /** Everything but the API is the page's (probes and metrics answer on the management port). */
    static boolean isPage(String path) {
        return !(path.equals("/api") || path.startsWith("/api/"));
    }

    /**
     * {@code connect-src 'self'} covers ws(s) to the same host in CSP Level 3 browsers; the explicit ws and wss
     * sources serve older ones. {@code blob:} images are the page's own: media it downloaded with the access token.
     */
    static String policy(String host) {
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
                + "connect-src 'self'" + sockets + "; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }
}
