package im.relay.gateway.edge;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.ProblemResponses;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself raises as problem+json: no such route (404), a body over the limit (413), a
 * service that is down, slow or behind an open circuit breaker (503), and, logged, anything unexpected (500).
 */
@Component
@Order(-2) // before Spring Boot's own handler
class ProblemExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ResponseStatusException status) {
            ErrorCode code = ErrorCode.fromHttp(status.getStatusCode().value());
            String detail = switch (code) {
                case NOT_FOUND ->
                    "no such route: " + exchange.getRequest().getPath().value();
                case SERVICE_UNAVAILABLE -> "the service is unavailable; try again shortly";
                default -> status.getReason() != null ? status.getReason() : code.name();
            };
            return ProblemResponses.write(exchange.getResponse(), code, detail);
        }
        ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        if (annotated != null && annotated.code().value() != 500) {
            // e.g. the circuit breaker's ServiceUnavailableException
            return ProblemResponses.write(
                    exchange.getResponse(),
                    ErrorCode.fromHttp(annotated.code().value()),
                    annotated.code().is5xxServerError()
                            ? "the service is unavailable; try again shortly"
                            : annotated.code().getReasonPhrase());
        }
        if (isUnavailable(error)) {
            log.warn("Upstream unavailable for {}: {}", exchange.getRequest().getPath(), error.toString());
            return ProblemResponses.write(
                    exchange.getResponse(),
                    ErrorCode.SERVICE_UNAVAILABLE,
                    "the service is unavailable; try again shortly");
        }
        log.error(
                "Unexpected failure at the gateway for {}",
                exchange.getRequest().getPath(),
                error);
        return ProblemResponses.write(exchange.getResponse(), ErrorCode.INTERNAL, "internal error");
    }

    private static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof TimeoutException
                    || cause.getClass().getSimpleName().equals("CallNotPermittedException")
                    || cause.getClass().getSimpleName().equals("PrematureCloseException")) {
                return true;
            }
        }
        return false;
    }
}
