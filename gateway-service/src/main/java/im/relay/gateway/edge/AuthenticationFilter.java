package im.relay.gateway.edge;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.ProblemResponses;
import im.relay.common.error.RelayException;
import im.relay.common.identity.TokenVerifier;
import im.relay.common.security.BearerTokens;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks the access token of every routed call outside the public paths before it reaches a service (signature by
 * auth-service's JWKS, expiry, issuer, audience, the session denylist), and strips identity headers a client may
 * have sent: services trust only the token, which they check again.
 */
@Component
class AuthenticationFilter implements GlobalFilter, Ordered {

    /** Headers a client must not be able to set on the way in. */
    private static final List<String> IDENTITY_HEADER_PREFIXES =
            List.of("x-relay-", "x-user-", "x-auth-", "x-forwarded-user");

    private final TokenVerifier verifier;
    private final LiveProperties<GatewaySettings> settings;
    /** Parsed once per pattern; they match the decoded path without matrix parameters, as the routes do. */
    private final Map<String, PathPattern> patterns = new ConcurrentHashMap<>();

    AuthenticationFilter(TokenVerifier verifier, LiveProperties<GatewaySettings> settings) {
        this.verifier = verifier;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerWebExchange stripped = exchange.mutate()
                .request(request -> request.headers(headers -> List.copyOf(headers.headerNames()).stream()
                        .filter(AuthenticationFilter::isIdentityHeader)
                        .forEach(headers::remove)))
                .build();
        ServerHttpRequest request = stripped.getRequest();
        PathContainer path = request.getPath().pathWithinApplication();
        if (settings.get().publicPaths().stream()
                .anyMatch(pattern -> patterns.computeIfAbsent(pattern, PathPatternParser.defaultInstance::parse)
                        .matches(path))) {
            return chain.filter(stripped);
        }
        String token = accessToken(request);
        if (token == null) {
            return reject(stripped, new RelayException(ErrorCode.UNAUTHORIZED, "a Bearer access token is required"));
        }
        return Mono.fromCallable(() -> verifier.verify(token))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(caller -> chain.filter(stripped))
                .onErrorResume(RelayException.class, e -> reject(stripped, e));
    }

    /**
     * The bearer token of the Authorization header; for a WebSocket handshake also the {@code token} query
     * parameter, since browsers cannot set headers on one (API.md, WebSocket).
     */
    private static String accessToken(ServerHttpRequest request) {
        String token = BearerTokens.fromAuthorization(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (token != null) {
            return token;
        }
        if ("websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
            String query = request.getQueryParams().getFirst("token");
            return query == null || query.isBlank() ? null : query;
        }
        return null;
    }

    private static boolean isIdentityHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return IDENTITY_HEADER_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    private static Mono<Void> reject(ServerWebExchange exchange, RelayException e) {
        return ProblemResponses.write(exchange.getResponse(), e);
    }

    /** After the body-size and rate-limit checks, before routing. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }
}
