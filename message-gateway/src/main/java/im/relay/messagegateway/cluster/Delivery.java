package im.relay.messagegateway.cluster;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One push for some sessions held by one node, named by its source: the node that holds them makes the frame from
 * the source itself. A target without a session id means all of that user's sessions there. A null source is a
 * Deliver that named none (a frame of the caller's own making, as nodes before this check sent): nobody gets it.
 */
public record Delivery(List<SessionRef> targets, @Nullable Source source) {}
