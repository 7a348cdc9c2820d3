package im.relay.messagegateway.cluster;

/** A session of a user; {@code sessionId} is the access token's {@code sid}. */
public record SessionRef(String userId, String sessionId) {}
