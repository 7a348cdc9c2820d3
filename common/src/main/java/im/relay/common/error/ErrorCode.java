package im.relay.common.error;

import io.grpc.Status;
import org.springframework.http.HttpStatus;

/**
 * The error catalogue: a stable machine code (the API's {@code code} field), its HTTP status and its gRPC status.
 * Codes are part of the client contract (API.md): add, never rename.
 */
public enum ErrorCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, Status.Code.INVALID_ARGUMENT),
    MALFORMED_FRAME(HttpStatus.BAD_REQUEST, Status.Code.INVALID_ARGUMENT),
    UNKNOWN_TYPE(HttpStatus.BAD_REQUEST, Status.Code.INVALID_ARGUMENT),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, Status.Code.UNAUTHENTICATED),
    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, Status.Code.UNAUTHENTICATED),
    TOKEN_EXPIRED(HttpStatus.UNAUTHORIZED, Status.Code.UNAUTHENTICATED),
    TOKEN_REUSED(HttpStatus.UNAUTHORIZED, Status.Code.UNAUTHENTICATED),
    FORBIDDEN(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED),
    NOT_FRIENDS(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED),
    BLOCKED(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED),
    NOT_GROUP_MEMBER(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED),
    MUTED(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED),
    /** Extension: the operator's before-send webhook refused the message (docs/webhooks.md); the detail says why. */
    MESSAGE_REJECTED(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED),
    NOT_FOUND(HttpStatus.NOT_FOUND, Status.Code.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, Status.Code.UNIMPLEMENTED),
    USERNAME_TAKEN(HttpStatus.CONFLICT, Status.Code.ALREADY_EXISTS),
    EMAIL_TAKEN(HttpStatus.CONFLICT, Status.Code.ALREADY_EXISTS),
    ALREADY_FRIENDS(HttpStatus.CONFLICT, Status.Code.ALREADY_EXISTS),
    REQUEST_PENDING(HttpStatus.CONFLICT, Status.Code.ALREADY_EXISTS),
    ALREADY_MEMBER(HttpStatus.CONFLICT, Status.Code.ALREADY_EXISTS),
    RECALL_WINDOW_EXPIRED(HttpStatus.CONFLICT, Status.Code.FAILED_PRECONDITION),
    /** Extension: the sender's edit window (relay.messages.edit-window) has passed. */
    EDIT_WINDOW_EXPIRED(HttpStatus.CONFLICT, Status.Code.FAILED_PRECONDITION),
    /** Extension: only a TEXT message that is not recalled can be edited (or, not recalled, reacted to). */
    NOT_EDITABLE(HttpStatus.CONFLICT, Status.Code.FAILED_PRECONDITION),
    /** Extension: the message carries the most distinct reactions it may (relay.messages.max-reactions). */
    TOO_MANY_REACTIONS(HttpStatus.CONFLICT, Status.Code.FAILED_PRECONDITION),
    OWNER_MUST_TRANSFER(HttpStatus.CONFLICT, Status.Code.FAILED_PRECONDITION),
    /** Extension: the group's member cap would be exceeded. */
    GROUP_FULL(HttpStatus.CONFLICT, Status.Code.FAILED_PRECONDITION),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, Status.Code.INVALID_ARGUMENT),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Status.Code.INVALID_ARGUMENT),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, Status.Code.RESOURCE_EXHAUSTED),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, Status.Code.UNAVAILABLE),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, Status.Code.INTERNAL);

    private final HttpStatus httpStatus;
    private final Status.Code grpcCode;

    ErrorCode(HttpStatus httpStatus, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public HttpStatus httpStatus() {
        return httpStatus;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** The code a plain gRPC status stands for when it carries no Relay code (another library's error). */
    public static ErrorCode fromGrpc(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> VALIDATION_FAILED;
            case UNAUTHENTICATED -> UNAUTHORIZED;
            case PERMISSION_DENIED -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case RESOURCE_EXHAUSTED -> RATE_LIMITED;
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> SERVICE_UNAVAILABLE;
            case UNIMPLEMENTED -> METHOD_NOT_ALLOWED;
            default -> INTERNAL;
        };
    }

    /** The code of an HTTP status that Spring raised before any Relay code ran (404 route, 415, 413 ...). */
    public static ErrorCode fromHttp(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 502, 503, 504 -> SERVICE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? VALIDATION_FAILED : INTERNAL;
        };
    }
}
