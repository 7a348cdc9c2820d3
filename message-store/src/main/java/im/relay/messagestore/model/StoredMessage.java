package im.relay.messagestore.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A committed message. {@code receiverId} is set for private messages, {@code groupId} for group messages.
 * {@code editedAt} is null for a message never edited; {@code reactions} are in the order each emoji was first used.
 */
public record StoredMessage(
        UUID id,
        String conversationId,
        ConversationType type,
        UUID senderId,
        UUID receiverId,
        UUID groupId,
        long seq,
        String clientMsgId,
        ContentType contentType,
        String content,
        Instant sentAt,
        boolean recalled,
        Instant editedAt,
        int editVersion,
        List<Reaction> reactions) {

    /** One emoji and who reacted with it, oldest first. */
    public record Reaction(String emoji, List<UUID> userIds) {}

    public StoredMessage withReactions(List<Reaction> reactions) {
        return new StoredMessage(
                id,
                conversationId,
                type,
                senderId,
                receiverId,
                groupId,
                seq,
                clientMsgId,
                contentType,
                content,
                sentAt,
                recalled,
                editedAt,
                editVersion,
                List.copyOf(reactions));
    }
}
