package im.relay.messagegateway.frame;

import im.relay.common.error.ErrorCode;
import im.relay.common.json.RelayJson;
import im.relay.messagegateway.chat.ChatMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON text frames the server sends (API.md, WebSocket). A frame is written once and then pushed as-is to
 * every session it is for, on this node or, through {@code Deliver}, on another.
 */
public final class Frames {

    private static final JsonMapper JSON =
            RelayJson.configure(JsonMapper.builder()).build();

    private Frames() {}

    public static String message(ChatMessage message) {
        return write(frame("message", null).with("message", message));
    }

    public static String ack(String id, ChatMessage message) {
        return write(frame("ack", id).with("message", message));
    }

    public static String error(String id, ErrorCode code, String message) {
        return write(frame("error", id).with("code", code.name()).with("message", message));
    }

    public static String sync(String id, String conversationId, List<ChatMessage> messages, boolean hasMore) {
        return write(frame("sync", id)
                .with("conversationId", conversationId)
                .with("messages", messages)
                .with("hasMore", hasMore));
    }

    public static String pong(String id) {
        return write(frame("pong", id));
    }

    public static String recalled(String conversationId, String messageId, String by) {
        return write(frame("recalled", null)
                .with("conversationId", conversationId)
                .with("messageId", messageId)
                .with("by", by));
    }

    /** A message's text changed: the message as it is now (same seq, its {@code editVersion}). */
    public static String edited(ChatMessage message) {
        return write(frame("edited", null)
                .with("conversationId", message.conversationId())
                .with("messageId", message.messageId())
                .with("seq", message.seq())
                .with("editVersion", message.editVersion())
                .with("message", message));
    }

    /** A user added or removed a reaction; {@code reactions} is the message's full list after the change. */
    public static String reaction(String userId, String emoji, boolean added, ChatMessage message) {
        return write(frame("reaction", null)
                .with("conversationId", message.conversationId())
                .with("messageId", message.messageId())
                .with("seq", message.seq())
                .with("userId", userId)
                .with("emoji", emoji)
                .with("added", added)
                .with("reactions", message.reactions()));
    }

    public static String read(String conversationId, String userId, long seq) {
        return write(frame("read", null)
                .with("conversationId", conversationId)
                .with("userId", userId)
                .with("seq", seq));
    }

    public static String typing(String conversationId, String userId) {
        return write(
                frame("typing", null).with("conversationId", conversationId).with("userId", userId));
    }

    public static String presence(String userId, boolean online) {
        return write(frame("presence", null).with("userId", userId).with("online", online));
    }

    public static String kicked() {
        return write(frame("kicked", null).with("reason", "LOGGED_IN_ELSEWHERE"));
    }

    /** {@code {"type":"notification","event":E,"data":{…}}}; {@code data} is a record or a map. */
    public static String notification(String event, Object data) {
        return write(frame("notification", null).with("event", event).with("data", data));
    }

    /** An ordered map, so that {@code type} and {@code id} come first, as in API.md. */
    private static Fields frame(String type, String id) {
        Fields fields = new Fields();
        fields.put("type", type);
        if (id != null) {
            fields.put("id", id);
        }
        return fields;
    }

    private static String write(Map<String, Object> frame) {
        return JSON.writeValueAsString(frame);
    }

    private static final class Fields extends LinkedHashMap<String, Object> {
        Fields with(String name, Object value) {
            put(name, value);
            return this;
        }
    }
}
