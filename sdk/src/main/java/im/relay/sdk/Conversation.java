package im.relay.sdk;

/** One line of the conversation list; {@code unreadCount = maxSeq − readSeq}. */
public record Conversation(
        String conversationId,
        ConversationType type,
        String peerId,
        String groupId,
        String name,
        Message lastMessage,
        long maxSeq,
        long readSeq,
        long unreadCount) {}
