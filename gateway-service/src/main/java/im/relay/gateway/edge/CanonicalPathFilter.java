package im.relay.gateway.edge;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a path spelt other than canonically (see {@link PathSpelling}) with 400 before anything routes or counts
 * it, so that no second spelling of a limited path exists. A web filter rather than a gateway filter: it covers the
 * page and the forwarded routes as well.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CanonicalPathFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String problem = PathSpelling.problem(exchange.getRequest().getPath().value());
        if (problem != null) {
            return ProblemResponses.write(
                    exchange.getResponse(),
                    ErrorCode.VALIDATION_FAILED,
                    "the request path is not canonical: " + problem);
        }
        return chain.filter(exchange);
    }
}
