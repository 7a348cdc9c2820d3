package im.relay.sdk;

import java.time.Instant;

/**
 * A stored message. {@code seq} orders a conversation: 1, 2, 3, … without gaps. A recalled message keeps its seq,
 * with {@code recalled} set and empty content.
 */
public record Message(
        String messageId,
        String conversationId,
        ConversationType type,
        String senderId,
        String receiverId,
        String groupId,
        long seq,
        String clientMsgId,
        String contentType,
        String content,
        Instant sentAt,
        boolean recalled) {}
