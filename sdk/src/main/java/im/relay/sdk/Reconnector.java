package im.relay.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When to give up a socket and when to open the next one: exponential backoff with full jitter, what a close code
 * means, whether the access token must be refreshed before the next handshake, and the heartbeat (a ping after
 * {@code heartbeat} of silence, the socket given up after twice that). Not thread-safe: its connection's loop calls it.
 */
final class Reconnector {

    /** What to do after a socket closed. */
    enum Next {
        /** open the next socket at once */
        NOW,
        /** open it after {@link #nextDelay()} */
        LATER,
        /** the session was taken over (4001 KICKED): stop */
        KICKED
    }

    /** What the heartbeat asks for. */
    enum Liveness {
        ALIVE,
        PING,
        DEAD
    }

    private final long minBackoffMillis;
    private final long maxBackoffMillis;
    private final long heartbeatNanos;
    private final LongUnaryOperator jitter;
    private int failedAttempts;
    private boolean refreshFirst;
    private long lastFrameNanos;

    Reconnector(ChatOptions options) {
        this(options, ceiling -> ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** {@code jitter} answers a wait in [0, ceiling] milliseconds. */
    Reconnector(ChatOptions options, LongUnaryOperator jitter) {
        this.minBackoffMillis = options.minBackoff().toMillis();
        this.maxBackoffMillis = options.maxBackoff().toMillis();
        this.heartbeatNanos = options.heartbeat().toNanos();
        this.jitter = jitter;
    }

    /** The wait before the next attempt: random up to a ceiling that doubles per failed attempt, up to maxBackoff. */
    Duration nextDelay() {
        long ceiling = Math.min(maxBackoffMillis, minBackoffMillis << Math.min(failedAttempts, 16));
        failedAttempts++;
        return Duration.ofMillis(jitter.applyAsLong(ceiling));
    }

    /** A socket opened at {@code nowNanos}: the backoff starts over. */
    void connected(long nowNanos) {
        failedAttempts = 0;
        lastFrameNanos = nowNanos;
    }

    /** The handshake was refused with {@code status}: a 401 means the token must be refreshed first. */
    void handshakeRefused(int status) {
        if (status == 401) {
            refreshFirst = true;
        }
    }

    Next closed(int code) {
        return switch (code) {
            case 4001 -> Next.KICKED;
            case 4002 -> { // token revoked or invalid: a revoked session cannot refresh either, and then ends
                refreshFirst = true;
                yield Next.LATER;
            }
            case 4003 -> { // token expired
                refreshFirst = true;
                yield Next.NOW;
            }
            default -> Next.LATER;
        };
    }

    /** Whether the next handshake needs a refreshed token; answers it once. */
    boolean takeRefreshFirst() {
        boolean refresh = refreshFirst;
        refreshFirst = false;
        return refresh;
    }

    /** Any frame, WebSocket ping included, shows the socket is alive. */
    void frameSeen(long nowNanos) {
        lastFrameNanos = nowNanos;
    }

    Liveness liveness(long nowNanos) {
        long silent = nowNanos - lastFrameNanos;
        if (silent > 2 * heartbeatNanos) {
            return Liveness.DEAD;
        }
        return silent > heartbeatNanos ? Liveness.PING : Liveness.ALIVE;
    }
}
