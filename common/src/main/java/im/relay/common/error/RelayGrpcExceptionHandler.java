package im.relay.common.error;

import io.grpc.Status;
import io.grpc.StatusException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * Turns what a gRPC endpoint throws into a status with the catalogue code in the trailers. Anything unexpected is
 * logged here and answered as INTERNAL without its message, which may hold internals.
 */
public final class RelayGrpcExceptionHandler implements GrpcExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RelayGrpcExceptionHandler.class);

    @Override
    public StatusException handleException(Throwable exception) {
        if (exception instanceof RelayException relay) {
            return GrpcErrors.toStatus(relay);
        }
        if (GrpcErrors.isGrpcFailure(exception)) {
            // a downstream call failed: pass its code on unchanged
            return GrpcErrors.toStatus(GrpcErrors.fromStatus(exception));
        }
        if (exception instanceof ConstraintViolationException invalid) {
            return GrpcErrors.toStatus(new RelayException(ErrorCode.VALIDATION_FAILED, invalid.getMessage()));
        }
        log.error("Unexpected failure in a gRPC call", exception);
        return Status.INTERNAL.withDescription("internal error").asException();
    }
}
