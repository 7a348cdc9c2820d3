package im.relay.messagegateway.websocket;

/**
 * A token bucket: {@code rate} tokens a second up to {@code burst}, one per action. Limits are passed on each call
 * so that a live change applies at once. One connection's frames are handled one at a time, but the methods are
 * synchronized anyway: cheap, and safe if that changes.
 */
public final class TokenBucket {

    private double tokens = -1;
    private long lastNanos;

    public synchronized boolean tryTake(int rate, int burst, long nowNanos) {
        if (tokens < 0) {
            tokens = burst;
        } else {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * rate);
        }
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
