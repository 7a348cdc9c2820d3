package im.relay.common.error;

import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a reactive request with problem+json, as the servlet services do through {@link RestProblemHandler}: for
 * the WebFlux applications (gateway-service, message-gateway) and their filters. A 401 carries
 * {@code WWW-Authenticate: Bearer}.
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    public static Mono<Void> write(ServerHttpResponse response, ErrorCode code, String detail) {
        return write(response, Problems.of(code, detail), Map.of());
    }

    public static Mono<Void> write(ServerHttpResponse response, RelayException e) {
        return write(response, Problems.of(e), Map.of());
    }

    public static Mono<Void> write(ServerHttpResponse response, ProblemDetail problem, Map<String, String> headers) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == 401) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        headers.forEach((name, value) -> response.getHeaders().set(name, value));
        DataBuffer body = response.bufferFactory().wrap(JSON.writeValueAsBytes(Problems.members(problem)));
        return response.writeWith(Mono.just(body));
    }
}
