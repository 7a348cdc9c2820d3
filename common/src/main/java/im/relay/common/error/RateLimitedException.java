package im.relay.common.error;

import java.time.Duration;

/** RATE_LIMITED with how long to wait: REST answers carry it as {@code Retry-After} (whole seconds, at least 1). */
public class RateLimitedException extends RelayException {

    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The {@code Retry-After} value: seconds rounded up, so that a client waiting that long is let through. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
