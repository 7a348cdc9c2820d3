package im.relay.messagegateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the conversation list (API.md, {@code GET /api/chat/conversations}), plus the name to show and
 * {@code mentionedCount}: the unread messages that mention the reader or {@code @all}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationView(
        String conversationId,
        ConversationType type,
        String peerId,
        String groupId,
        String name,
        ChatMessage lastMessage,
        long maxSeq,
        long readSeq,
        long unreadCount,
        long mentionedCount) {}
