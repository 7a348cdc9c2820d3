package im.relay.messagegateway.cluster;

import im.relay.messagegateway.frame.Frames;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A frame for every session of some users, wherever they are connected, except one session.
 *
 * @param source what the frame is made from: another node gets the source, not the frame, and makes it again
 * @param sentAt for message frames: when the message was sent, for the delivery-latency metric; else null
 */
public record Push(
        Set<String> userIds,
        @Nullable String exceptSessionId,
        String frameJson,
        Source source,
        @Nullable Instant sentAt) {

    /** A typing indicator of {@code userId} in a conversation, for the other members. */
    public static Push typing(Collection<String> userIds, String conversationId, String userId) {
        return new Push(
                Set.copyOf(userIds),
                null,
                Frames.typing(conversationId, userId),
                new Source.Typing(conversationId, userId),
                null);
    }

    /** {@code userId} came online or went offline, for the users who see its presence. */
    public static Push presence(Collection<String> userIds, String userId, boolean online) {
        return new Push(
                Set.copyOf(userIds), null, Frames.presence(userId, online), new Source.Presence(userId, online), null);
    }

    public boolean isMessage() {
        return sentAt != null;
    }
}
