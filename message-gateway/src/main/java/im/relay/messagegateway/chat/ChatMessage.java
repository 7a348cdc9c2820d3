package im.relay.messagegateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A stored message as clients see it (API.md, Messages). {@code receiverId} is set for private messages and
 * {@code groupId} for group messages; the other is null and left out of the JSON. {@code editedAt} is left out for
 * a message never edited; {@code reactions} is always there (empty when none). {@code replyTo} (the quoted message
 * as it is now) is left out for a message that quotes none; {@code mentions} lists the mentioned user ids and
 * {@code "@all"}, empty when none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        String messageId,
        String conversationId,
        ConversationType type,
        String senderId,
        String receiverId,
        String groupId,
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
        List<String> mentions) {

    /** One emoji on the message and who reacted with it, oldest first. */
    public record Reaction(String emoji, List<String> userIds) {}

    /** The quoted message: its sender, type and the start of its text (its type for media), empty once recalled. */
    public record ReplyTo(
            String messageId, String senderId, ContentType contentType, String snippet, boolean recalled) {}
}
