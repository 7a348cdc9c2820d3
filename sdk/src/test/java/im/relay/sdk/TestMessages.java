package im.relay.sdk;

import java.time.Instant;
import java.util.List;

/** Stored messages for the connection parts' unit tests. */
final class TestMessages {

    private TestMessages() {}

    /** Message {@code seq} of {@code conversationId}, sent by {@code senderId} as {@code clientMsgId}. */
    static Message message(String conversationId, long seq, String senderId, String clientMsgId) {
        return plain(
                conversationId + "#" + seq,
                conversationId,
                conversationId.startsWith("g:") ? ConversationType.GROUP : ConversationType.PRIVATE,
                senderId,
                null,
                null,
                seq,
                clientMsgId,
                "TEXT",
                "text " + seq,
                Instant.EPOCH.plusSeconds(seq),
                false);
    }

    /** A message never edited, without reactions, quoting and mentioning no one. */
    static Message plain(
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
            boolean recalled) {
        return new Message(
                messageId,
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
                null,
                0,
                List.of(),
                null,
                List.of());
    }

    static Message message(String conversationId, long seq) {
        return message(conversationId, seq, "other", "c-" + conversationId + "-" + seq);
    }
}
