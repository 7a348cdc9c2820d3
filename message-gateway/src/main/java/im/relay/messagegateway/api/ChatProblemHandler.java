package im.relay.messagegateway.api;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.ProblemResponses;
import im.relay.common.error.Problems;
import im.relay.common.error.RelayException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error of the REST API as problem+json with its code: the message servers' own (NOT_FRIENDS, MUTED, ...),
 * bad input (400), unknown routes (404), oversized bodies (413), and, logged, anything unexpected (500).
 */
@Component
@Order(-2) // before Spring Boot's own handler
class ChatProblemHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatProblemHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof RelayException relay) {
            return relay.code() == ErrorCode.RATE_LIMITED
                    ? ProblemResponses.write(exchange.getResponse(), Problems.of(relay), Map.of("Retry-After", "1"))
                    : ProblemResponses.write(exchange.getResponse(), relay);
        }
        if (hasCause(error, DataBufferLimitException.class)) {
            return ProblemResponses.write(
                    exchange.getResponse(), ErrorCode.PAYLOAD_TOO_LARGE, "the body is larger than 64 KiB");
        }
        if (error instanceof ServerWebInputException input) {
            return ProblemResponses.write(
                    exchange.getResponse(),
                    ErrorCode.VALIDATION_FAILED,
                    input.getReason() != null ? input.getReason() : "the request is not valid");
        }
        if (error instanceof ResponseStatusException status) {
            ErrorCode code = ErrorCode.fromHttp(status.getStatusCode().value());
            String detail = code == ErrorCode.NOT_FOUND
                    ? "no such route: " + exchange.getRequest().getPath().value()
                    : status.getReason() != null ? status.getReason() : code.name();
            return ProblemResponses.write(exchange.getResponse(), code, detail);
        }
        log.error("Unexpected failure for {}", exchange.getRequest().getPath(), error);
        return ProblemResponses.write(exchange.getResponse(), ErrorCode.INTERNAL, "internal error");
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
