package im.relay.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrpcErrorsTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeSurvivesARoundTripThroughGrpc(ErrorCode code) {
        StatusException status = GrpcErrors.toStatus(new RelayException(code, "detail of " + code));

        assertThat(status.getStatus().getCode()).isEqualTo(code.grpcCode());
        RelayException back = GrpcErrors.fromStatus(status);
        assertThat(back.code()).isEqualTo(code);
        assertThat(back.detail()).isEqualTo("detail of " + code);
    }

    @Test
    void aCallThatFailsComesOutAsTheRelayErrorTheCalleeAnswered() {
        StatusException answered = GrpcErrors.toStatus(new RelayException(ErrorCode.BLOCKED, "blocked"));

        assertThat(GrpcErrors.call(() -> "answer")).isEqualTo("answer");
        assertThatThrownBy(() -> GrpcErrors.call(() -> {
                    throw answered.getStatus().asRuntimeException(answered.getTrailers());
                }))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BLOCKED);
                    assertThat(e.detail()).isEqualTo("blocked");
                });
    }

    @Test
    void aStatusWithoutARelayCodeMapsByItsGrpcCode() {
        assertThat(GrpcErrors.fromStatus(Status.UNAVAILABLE.asRuntimeException())
                        .code())
                .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(GrpcErrors.fromStatus(Status.DEADLINE_EXCEEDED.asRuntimeException())
                        .code())
                .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(GrpcErrors.fromStatus(Status.PERMISSION_DENIED.asRuntimeException())
                        .code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(GrpcErrors.fromStatus(Status.DATA_LOSS.asRuntimeException()).code())
                .isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void anUnknownRelayCodeFromANewerPeerFallsBackToTheGrpcCode() {
        Metadata trailers = new Metadata();
        trailers.put(GrpcErrors.ERROR_CODE, "SOMETHING_NEW");
        StatusRuntimeException failure =
                Status.NOT_FOUND.withDescription("gone").asRuntimeException(trailers);

        assertThat(GrpcErrors.fromStatus(failure).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void httpStatusesOfTheCatalogueMatchTheApi() {
        assertThat(ErrorCode.VALIDATION_FAILED.httpStatus().value()).isEqualTo(400);
        assertThat(ErrorCode.TOKEN_REUSED.httpStatus().value()).isEqualTo(401);
        assertThat(ErrorCode.MUTED.httpStatus().value()).isEqualTo(403);
        assertThat(ErrorCode.ALREADY_MEMBER.httpStatus().value()).isEqualTo(409);
        assertThat(ErrorCode.RECALL_WINDOW_EXPIRED.httpStatus().value()).isEqualTo(409);
        assertThat(ErrorCode.PAYLOAD_TOO_LARGE.httpStatus().value()).isEqualTo(413);
        assertThat(ErrorCode.RATE_LIMITED.httpStatus().value()).isEqualTo(429);
    }

    @Test
    void problemsCarryTheCode() {
        var problem = Problems.of(ErrorCode.USERNAME_TAKEN, "username 'alice' is taken");

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Conflict");
        assertThat(problem.getProperties()).containsEntry("code", "USERNAME_TAKEN");
    }
}
