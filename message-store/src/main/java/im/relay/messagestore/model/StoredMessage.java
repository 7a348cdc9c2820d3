package im.relay.messagestore.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A committed message. {@code receiverId} is set for private messages, {@code groupId} for group messages.
 * {@code editedAt} is null for a message never edited; {@code reactions} are in the order each emoji was first used.
 * {@code replyTo} is null for a message that quotes none; {@code mentions} and {@code mentionsAll} are set on group
 * messages only.
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
        List<Reaction> reactions,
        ReplyTo replyTo,
        List<UUID> mentions,
        boolean mentionsAll) {

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
                List.copyOf(reactions),
                replyTo,
                mentions,
                mentionsAll);
    }
}
