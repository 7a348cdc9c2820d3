package im.relay.common.error;

import org.springframework.http.ProblemDetail;

/** RFC 9457 bodies with the catalogue's {@code code}: {@code {"status":409,"title":"Conflict","code":...}}. */
public final class Problems {

    private Problems() {}

    public static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.httpStatus(), detail);
        problem.setProperty("code", code.name());
        return problem;
    }

    public static ProblemDetail of(RelayException e) {
        return of(e.code(), e.detail());
    }
}
