package im.relay.messagestore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import io.grpc.StatusRuntimeException;

/** The Relay error code a failing gRPC call answered. */
public final class GrpcFailures {

    private GrpcFailures() {}

    public static ErrorCode codeOf(Runnable call) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(failure).as("the call should have failed").isNotNull();
        return GrpcErrors.fromStatus(failure).code();
    }
}
