package im.relay.common.error;

import java.time.Duration;
import java.util.Optional;

/** A failure the client should see as-is: a catalogue code and a human-readable detail. */
public class RelayException extends RuntimeException {

    private final ErrorCode code;
    private final Duration retryAfter;

    public RelayException(ErrorCode code, String detail) {
        this(code, detail, (Duration) null);
    }

    public RelayException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.retryAfter = null;
    }

    /** A failure worth retrying after {@code retryAfter} (a 429's {@code Retry-After}). */
    public RelayException(ErrorCode code, String detail, Duration retryAfter) {
        super(detail);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    private RelayException(ErrorCode code, String detail, Duration retryAfter, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** As received from another service, with the wait it asked for. */
    static RelayException passedOn(ErrorCode code, String detail, Duration retryAfter, Throwable cause) {
        return new RelayException(code, detail, retryAfter, cause);
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    /** How long the client should wait before trying again, when the failure says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
