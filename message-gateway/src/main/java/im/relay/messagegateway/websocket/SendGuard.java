package im.relay.messagegateway.websocket;

/**
 * The per-connection send limit: sends over the bucket are refused (RATE_LIMITED); a client that keeps sending
 * regardless, {@code abuseRejections} refusals within {@code abuseWindow}, is disconnected (4008).
 */
final class SendGuard {

    enum Verdict {
        ALLOWED,
        REFUSED,
        DISCONNECT
    }

    private final TokenBucket bucket = new TokenBucket();
    private long windowStart;
    private int refusals;

    synchronized Verdict check(ConnectionLimits.Send limits, long nowNanos) {
        if (bucket.tryTake(limits.rate(), limits.burst(), nowNanos)) {
            return Verdict.ALLOWED;
        }
        if (refusals == 0 || nowNanos - windowStart > limits.abuseWindow().toNanos()) {
            windowStart = nowNanos;
            refusals = 0;
        }
        refusals++;
        return refusals >= limits.abuseRejections() ? Verdict.DISCONNECT : Verdict.REFUSED;
    }
}
