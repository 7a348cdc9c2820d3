package im.relay.sdk;

import java.time.Instant;

/** Stored messages for the connection parts' unit tests. */
final class TestMessages {

    private TestMessages() {}

    /** Message {@code seq} of {@code conversationId}, sent by {@code senderId} as {@code clientMsgId}. */
    static Message message(String conversationId, long seq, String senderId, String clientMsgId) {
        return new Message(
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

    static Message message(String conversationId, long seq) {
        return message(conversationId, seq, "other", "c-" + conversationId + "-" + seq);
    }
}
