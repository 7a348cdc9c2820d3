package im.relay.messagegateway.cluster;

/** Where one session of a user is connected: a row of the route table. */
public record Route(
        String userId,
        String sessionId,
        String node,
        String platform,
        String deviceId,
        String connectionId,
        long renewedAtMillis) {

    public SessionRef session() {
        return new SessionRef(userId, sessionId);
    }
}
