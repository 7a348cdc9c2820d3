package im.relay.common.error;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Carries catalogue codes across gRPC: the server puts the code in the {@code relay-error-code} trailer next to
 * the gRPC status, and a client turns it back into the same {@link RelayException}, so a REST adapter in front of
 * a gRPC call answers with the code the service chose.
 */
public final class GrpcErrors {

    public static final Metadata.Key<String> ERROR_CODE =
            Metadata.Key.of("relay-error-code", Metadata.ASCII_STRING_MARSHALLER);
    /** Whole seconds to wait before retrying (RATE_LIMITED), so that a REST answer can say {@code Retry-After}. */
    public static final Metadata.Key<String> RETRY_AFTER =
            Metadata.Key.of("relay-retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {}

    public static StatusException toStatus(RelayException e) {
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE, e.code().name());
        e.retryAfter().ifPresent(wait -> trailers.put(RETRY_AFTER, Long.toString(seconds(wait))));
        return e.code().grpcCode().toStatus().withDescription(e.detail()).asException(trailers);
    }

    /** The Relay error a failed call stands for; unknown failures become SERVICE_UNAVAILABLE or INTERNAL. */
    public static RelayException fromStatus(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        Metadata trailers = Status.trailersFromThrowable(failure);
        ErrorCode code = ErrorCode.fromGrpc(status.getCode());
        String named = trailers == null ? null : trailers.get(ERROR_CODE);
        if (named != null) {
            try {
                code = ErrorCode.valueOf(named);
            } catch (IllegalArgumentException unknown) {
                // a newer peer's code: keep the status mapping
            }
        }
        String detail = status.getDescription() != null
                ? status.getDescription()
                : status.getCode().name();
        Duration retryAfter = null;
        String wait = trailers == null ? null : trailers.get(RETRY_AFTER);
        if (wait != null) {
            try {
                retryAfter = Duration.ofSeconds(Long.parseLong(wait));
            } catch (NumberFormatException malformed) {
                // not a number of seconds: no advice
            }
        }
        return RelayException.passedOn(code, detail, retryAfter, failure);
    }

    /**
     * Makes one blocking stub call; its failure comes out as the Relay error the callee answered with, so that callers
     * can tell BLOCKED from NOT_FOUND. Every {@code *Client} calls through here:
     *
     * <pre>{@code
     * User user = GrpcErrors.call(() -> users.getUser(request)).getUser();
     * }</pre>
     *
     * Not a client interceptor: whatever an interceptor does, a blocking stub throws a {@link StatusRuntimeException}
     * built from the status (grpc-java's {@code ClientCalls.blockingUnaryCall}; an exception thrown in a listener is
     * swallowed), so the translation has to wrap the stub call itself.
     */
    public static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw fromStatus(e);
        }
    }

    /** Whole seconds, rounded up, at least one: the form of {@code Retry-After}. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public static boolean isGrpcFailure(Throwable failure) {
        return failure instanceof StatusRuntimeException || failure instanceof StatusException;
    }
}
