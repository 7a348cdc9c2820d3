package im.relay.messagegateway.cluster;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A frame for every session of some users, wherever they are connected, except one session.
 *
 * @param sentAt for message frames: when the message was sent, for the delivery-latency metric; else null
 */
public record Push(
        Set<String> userIds,
        @Nullable String exceptSessionId,
        String frameJson,
        @Nullable Instant sentAt) {

    public static Push toUsers(Collection<String> userIds, String frameJson) {
        return new Push(Set.copyOf(userIds), null, frameJson, null);
    }

    public static Push toUser(String userId, String frameJson) {
        return new Push(Set.of(userId), null, frameJson, null);
    }

    public boolean isMessage() {
        return sentAt != null;
    }
}
