package im.relay.common.error;

import jakarta.validation.ConstraintViolationException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every REST error as problem+json with a catalogue {@code code}: Relay's own errors, errors passed on from gRPC
 * calls, Spring MVC's (bad JSON, wrong types, unknown routes, ...) and, without internals, anything unexpected.
 */
@RestControllerAdvice
public class RestProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RestProblemHandler.class);

    @ExceptionHandler(RelayException.class)
    ResponseEntity<ProblemDetail> relay(RelayException e) {
        return respond(e);
    }

    @ExceptionHandler({io.grpc.StatusRuntimeException.class, io.grpc.StatusException.class})
    ResponseEntity<ProblemDetail> grpc(Exception e) {
        RelayException relay = GrpcErrors.fromStatus(e);
        if (relay.code() == ErrorCode.INTERNAL) {
            log.error("A downstream gRPC call failed", e);
            return respond(Problems.of(ErrorCode.INTERNAL, "internal error"));
        }
        return respond(relay);
    }

    @ExceptionHandler({ConstraintViolationException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> invalid(Exception e) {
        String detail = e instanceof MethodArgumentTypeMismatchException mismatch
                ? "'" + mismatch.getName() + "' has the wrong type"
                : e.getMessage();
        return respond(Problems.of(ErrorCode.VALIDATION_FAILED, detail));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure in a REST call", e);
        return respond(Problems.of(ErrorCode.INTERNAL, "internal error"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return handleExceptionInternal(
                e, Problems.of(ErrorCode.VALIDATION_FAILED, detail), headers, HttpStatusCode.valueOf(400), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getAllErrors().stream()
                .map(error -> error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return handleExceptionInternal(
                e, Problems.of(ErrorCode.VALIDATION_FAILED, detail), headers, HttpStatusCode.valueOf(400), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(
                e,
                Problems.of(ErrorCode.VALIDATION_FAILED, "the body is not valid JSON of the expected shape"),
                headers,
                HttpStatusCode.valueOf(400),
                request);
    }

    /** Spring MVC's own problems (404 route, 405, 415, ...) get the catalogue code of their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null
                && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            problem.setProperty("code", ErrorCode.fromHttp(status.value()).name());
        }
        return response;
    }

    /** With {@code Retry-After} when the failure says how long to wait (a 429). */
    private static ResponseEntity<ProblemDetail> respond(RelayException e) {
        ProblemDetail problem = Problems.of(e);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus());
        e.retryAfter()
                .ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER, Long.toString(GrpcErrors.seconds(wait))));
        return response.body(problem);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
