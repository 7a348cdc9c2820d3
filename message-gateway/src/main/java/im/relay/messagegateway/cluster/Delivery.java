package im.relay.messagegateway.cluster;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One frame for some sessions held by one node. A target without a session id means all of that user's sessions
 * there; {@code exceptSessionId} never gets it (the sender's own session, which got an ack instead).
 */
public record Delivery(List<SessionRef> targets, @Nullable String exceptSessionId, String frameJson) {}
