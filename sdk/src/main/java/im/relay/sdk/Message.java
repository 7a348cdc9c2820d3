package im.relay.sdk;

import java.time.Instant;
import java.util.List;

/**
 * A stored message. {@code seq} orders a conversation: 1, 2, 3, … without gaps. A recalled message keeps its seq,
 * with {@code recalled} set and empty content. An edited message keeps its seq too: {@code editVersion} counts its
 * edits and {@code editedAt} says when the last was (null if never). {@code reactions} are its current emoji
 * reactions, each with who reacted. {@code replyTo} is the message it quotes, as that one is now (null if none);
 * {@code mentions} the user ids it mentions, and {@code "@all"} when it mentions every member.
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
        List<Reaction> reactions,
        ReplyTo replyTo,
        List<String> mentions) {

    /**
     * The quoted message: its sender and type, and the start of its text (for media, the type's name), empty once it
     * was recalled.
     */
    public record ReplyTo(String messageId, String senderId, String contentType, String snippet, boolean recalled) {}

    /** Whether this message mentions {@code userId}, by name or with {@code @all}. */
    public boolean mentions(String userId) {
        return mentions.contains(userId) || mentions.contains(References.ALL);
    }

    /** One emoji on a message and the users who reacted with it, oldest first. */
    public record Reaction(String emoji, List<String> userIds) {
        public Reaction {
            userIds = userIds == null ? List.of() : List.copyOf(userIds);
        }
    }

    public Message {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}
