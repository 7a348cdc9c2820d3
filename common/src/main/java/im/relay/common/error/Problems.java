package im.relay.common.error;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /** The JSON members of a problem, for writers that lack Spring's ProblemDetail mapping (filters). */
    public static Map<String, Object> members(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put(
                "type",
                problem.getType() == null ? "about:blank" : problem.getType().toString());
        members.put("title", problem.getTitle());
        members.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            members.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            members.putAll(problem.getProperties());
        }
        return members;
    }
}
