package im.relay.messagestore.model;

import java.util.UUID;

/**
 * One line of a user's conversation list. {@code lastMessage} is null in a conversation without (visible) messages;
 * {@code mentionedCount} counts the unread messages that mention the user or @all.
 */
public record ConversationView(
        String conversationId,
        ConversationType type,
        UUID peerId,
        UUID groupId,
        String name,
        StoredMessage lastMessage,
        long maxSeq,
        long readSeq,
        long mentionedCount) {

    /** {@code maxSeq − readSeq}, exactly (API.md). */
    public long unreadCount() {
        return Math.max(0, maxSeq - readSeq);
    }
}
