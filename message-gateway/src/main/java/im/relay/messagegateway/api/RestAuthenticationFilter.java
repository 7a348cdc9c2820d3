package im.relay.messagegateway.api;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.TokenVerifier;
import im.relay.common.security.BearerTokens;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks the access token of every {@code /api/chat} REST call (the WebSocket paths have their own handshake check),
 * like every Relay service does even behind the API gateway, and hands the caller to the controller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RestAuthenticationFilter implements WebFilter {

    static final String CALLER = RestAuthenticationFilter.class.getName() + ".caller";

    private final TokenVerifier verifier;

    RestAuthenticationFilter(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/chat/") || path.equals("/api/chat/ws")) {
            return chain.filter(exchange);
        }
        String token = BearerTokens.fromAuthorization(
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Mono.error(new RelayException(ErrorCode.UNAUTHORIZED, "a Bearer access token is required"));
        }
        // the denylist check is a Redis call: off the event loop
        return Mono.fromCallable(() -> verifier.verify(token))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(caller -> {
                    exchange.getAttributes().put(CALLER, caller);
                    return chain.filter(exchange);
                });
    }

    static Caller caller(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(CALLER);
        if (caller == null) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "a Bearer access token is required");
        }
        return caller;
    }
}
