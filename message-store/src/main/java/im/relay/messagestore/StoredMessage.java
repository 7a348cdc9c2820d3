package im.relay.messagestore;

import java.time.Instant;
import java.util.UUID;

/** A committed message. {@code receiverId} is set for private messages, {@code groupId} for group messages. */
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
        boolean recalled) {}
