package im.relay.messagegateway.websocket;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.ProblemResponses;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.TokenVerifier;
import im.relay.common.security.AccessTokenClaims;
import im.relay.common.security.BearerTokens;
import im.relay.messagegateway.cluster.NodeIdentity;
import io.netty.channel.Channel;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates the WebSocket handshake before the upgrade: the access token from {@code ?token=} (browsers cannot
 * set headers on a WebSocket) or {@code Authorization: Bearer}, checked like every Relay call (signature, expiry,
 * the session denylist). A bad token gets 401 problem+json and no socket; a page of an origin not allowed, 403.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HandshakeFilter implements WebFilter {

    /** Served directly, and as the API gateway forwards it if it keeps the path. */
    static final Set<String> PATHS = Set.of("/ws", "/api/chat/ws");

    private static final Set<String> PLATFORMS = Set.of("WEB", "DESKTOP", "MOBILE");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TokenVerifier verifier;
    private final NodeIdentity node;
    private final LiveProperties<AllowedOrigins> origins;

    HandshakeFilter(TokenVerifier verifier, NodeIdentity node, LiveProperties<AllowedOrigins> origins) {
        this.verifier = verifier;
        this.node = node;
        this.origins = origins;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!PATHS.contains(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        String origin = request.getHeaders().getOrigin();
        if (origin != null
                && !AllowedOrigins.isSameServer(origin, request.getHeaders().getFirst(HttpHeaders.HOST))
                && !origins.get().allows(origin)) {
            return reject(
                    exchange, new RelayException(ErrorCode.FORBIDDEN, "pages of " + origin + " may not open a socket"));
        }
        String token = token(request);
        if (token == null) {
            return reject(exchange, new RelayException(ErrorCode.UNAUTHORIZED, "an access token is required"));
        }
        if (!node.isReady()) {
            return reject(exchange, new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "starting up"));
        }
        Channel channel = ServerHttpRequestDecorator.getNativeRequest(request) instanceof Connection netty
                ? netty.channel()
                : null;
        // the denylist check is a Redis call: off the event loop
        Mono<Handshake> verified = Mono.fromCallable(() -> handshake(request, verifier.verify(token)))
                .subscribeOn(Schedulers.boundedElastic());
        // once registered (GatewayWebSocketHandler.Opening), the socket is upgraded back on its event loop
        return verified.flatMap(handshake -> {
                    exchange.getAttributes().put(Handshake.ATTRIBUTE, handshake);
                    if (channel != null) {
                        exchange.getAttributes().put(Handshake.CHANNEL, channel);
                    }
                    return chain.filter(exchange);
                })
                .onErrorResume(RelayException.class, e -> reject(exchange, e));
    }

    private static String token(ServerHttpRequest request) {
        String query = request.getQueryParams().getFirst("token");
        if (query != null && !query.isBlank()) {
            return query.strip();
        }
        return BearerTokens.fromAuthorization(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }

    /** Platform and device: the query's, else the token's ({@code platform}, {@code did}), else WEB and the sid. */
    private static Handshake handshake(ServerHttpRequest request, Caller caller) {
        JWTClaimsSet claims = claims(caller.accessToken());
        String platform = request.getQueryParams().getFirst("platform");
        if (platform == null || platform.isBlank()) {
            platform = claim(claims, AccessTokenClaims.PLATFORM);
        }
        platform = platform == null ? "WEB" : platform.strip().toUpperCase(Locale.ROOT);
        if (!PLATFORMS.contains(platform)) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "platform must be WEB, DESKTOP or MOBILE");
        }
        String deviceId = request.getQueryParams().getFirst("deviceId");
        if (deviceId == null || deviceId.isBlank()) {
            deviceId = claim(claims, AccessTokenClaims.DEVICE_ID);
        }
        if (deviceId != null && deviceId.length() > 128) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "deviceId must be at most 128 characters");
        }
        return new Handshake(
                caller,
                platform,
                deviceId == null || deviceId.isBlank() ? caller.sessionId() : deviceId.strip(),
                claims.getExpirationTime().toInstant());
    }

    /** The token passed the verifier: this only reads the claims the verifier does not return. */
    private static JWTClaimsSet claims(String token) {
        try {
            return JWTParser.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "invalid access token");
        }
    }

    private static String claim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value && !value.isBlank() ? value : null;
    }

    private static Mono<Void> reject(ServerWebExchange exchange, RelayException e) {
        return ProblemResponses.write(exchange.getResponse(), e);
    }
}
