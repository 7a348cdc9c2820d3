package im.relay.sdk;

/**
 * One line of the conversation list; {@code unreadCount = maxSeq − readSeq}. {@code mentionedCount} counts the unread
 * messages that mention one (or {@code @all}): a badge.
 */
public record Conversation(
        String conversationId,
        ConversationType type,
        String peerId,
        String groupId,
        String name,
        Message lastMessage,
        long maxSeq,
        long readSeq,
        long unreadCount,
        long mentionedCount) {

    /** A line without unread mentions. */
    public Conversation(
            String conversationId,
            ConversationType type,
            String peerId,
            String groupId,
            String name,
            Message lastMessage,
            long maxSeq,
            long readSeq,
            long unreadCount) {
        this(conversationId, type, peerId, groupId, name, lastMessage, maxSeq, readSeq, unreadCount, 0);
    }
}
