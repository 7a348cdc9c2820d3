package im.relay.sdk;

import java.time.Instant;
import java.util.List;

/**
 * A stored message. {@code seq} orders a conversation: 1, 2, 3, … without gaps. A recalled message keeps its seq,
 * with {@code recalled} set and empty content. An edited message keeps its seq too: {@code editVersion} counts its
 * edits and {@code editedAt} says when the last was (null if never). {@code reactions} are its current emoji
 * reactions, each with who reacted.
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
        boolean recalled,
        Instant editedAt,
        int editVersion,
        List<Reaction> reactions) {

    /** One emoji on a message and the users who reacted with it, oldest first. */
    public record Reaction(String emoji, List<String> userIds) {
        public Reaction {
            userIds = userIds == null ? List.of() : List.copyOf(userIds);
        }
    }

    public Message {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A message never edited and without reactions (as servers before edits and reactions answered). */
    public Message(
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
        this(
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
                List.of());
    }
}
