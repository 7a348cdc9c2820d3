package im.relay.sdk;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Map;

/**
 * A frame the server sends on {@code /api/chat/ws} (API.md), as {@link FrameCodec} reads it. A type this client does
 * not know (and {@code pong}) reads as {@link Other}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = ServerFrame.Other.class)
@JsonSubTypes({
    @JsonSubTypes.Type(ServerFrame.Delivered.class),
    @JsonSubTypes.Type(ServerFrame.Ack.class),
    @JsonSubTypes.Type(ServerFrame.Refused.class),
    @JsonSubTypes.Type(ServerFrame.Synced.class),
    @JsonSubTypes.Type(ServerFrame.Recalled.class),
    @JsonSubTypes.Type(ServerFrame.Edited.class),
    @JsonSubTypes.Type(ServerFrame.ReactionChanged.class),
    @JsonSubTypes.Type(ServerFrame.ReadBy.class),
    @JsonSubTypes.Type(ServerFrame.TypingBy.class),
    @JsonSubTypes.Type(ServerFrame.Presence.class),
    @JsonSubTypes.Type(ServerFrame.Notification.class),
    @JsonSubTypes.Type(ServerFrame.Kicked.class)
})
sealed interface ServerFrame {

    /** A message of a conversation (also what this user sent from another session). */
    @JsonTypeName("message")
    record Delivered(Message message) implements ServerFrame {}

    /** The answer to a {@code send} (the stored message) or a {@code recall} (the recalled one), by the frame's id. */
    @JsonTypeName("ack")
    record Ack(String id, Message message) implements ServerFrame {}

    /** The frame with this id was refused with {@code code}; without an id, a malformed frame. */
    @JsonTypeName("error")
    record Refused(String id, String code, String message) implements ServerFrame {
        public Refused {
            code = code == null ? "ERROR" : code;
            message = message == null ? "" : message;
        }
    }

    /** The answer to a {@code sync}: the messages after the seq asked from, oldest first. */
    @JsonTypeName("sync")
    record Synced(String id, String conversationId, List<Message> messages, boolean hasMore) implements ServerFrame {
        public Synced {
            messages = messages == null ? List.of() : messages;
        }
    }

    @JsonTypeName("recalled")
    record Recalled(String conversationId, String messageId, String by) implements ServerFrame {}

    /** A message's text changed: {@code message} as it is now, at its own seq. */
    @JsonTypeName("edited")
    record Edited(String conversationId, String messageId, long seq, int editVersion, Message message)
            implements ServerFrame {}

    /** {@code userId} added or removed {@code emoji}; {@code reactions} is the message's whole list after that. */
    @JsonTypeName("reaction")
    record ReactionChanged(
            String conversationId,
            String messageId,
            long seq,
            String userId,
            String emoji,
            boolean added,
            List<Message.Reaction> reactions)
            implements ServerFrame {
        public ReactionChanged {
            reactions = reactions == null ? List.of() : reactions;
        }
    }

    /** {@code userId} has read {@code conversationId} up to {@code seq}. */
    @JsonTypeName("read")
    record ReadBy(String conversationId, String userId, long seq) implements ServerFrame {}

    @JsonTypeName("typing")
    record TypingBy(String conversationId, String userId) implements ServerFrame {}

    @JsonTypeName("presence")
    record Presence(String userId, boolean online) implements ServerFrame {}

    @JsonTypeName("notification")
    record Notification(String event, Map<String, Object> data) implements ServerFrame {
        public Notification {
            data = data == null ? Map.of() : data;
        }
    }

    /** A login elsewhere on this platform took the session's place; the socket closes with 4001 next. */
    @JsonTypeName("kicked")
    record Kicked(String reason) implements ServerFrame {
        public Kicked {
            reason = reason == null ? "LOGGED_IN_ELSEWHERE" : reason;
        }
    }

    /** {@code pong}, and frame types newer than this client: nothing to do. */
    record Other() implements ServerFrame {}
}
