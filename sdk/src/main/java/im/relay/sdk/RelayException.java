package im.relay.sdk;

import java.time.Duration;

/**
 * What Relay refused, with its stable {@code code} (API.md: NOT_FRIENDS, USERNAME_TAKEN, …) and HTTP status (0 for a
 * WebSocket {@code error} frame, -1 when the server could not be reached at all).
 */
public class RelayException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public RelayException(int status, String code, String detail, Duration retryAfter) {
        super(code + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public RelayException(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    static RelayException unreachable(String what, Throwable cause) {
        RelayException e = new RelayException(-1, "UNREACHABLE", what + ": " + cause);
        e.initCause(cause);
        return e;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** How long the server asked to wait (429 {@code Retry-After}), or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
