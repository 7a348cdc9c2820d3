package im.relay.messagegateway.websocket;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.validation.UserText;
import im.relay.messagegateway.chat.ContentType;
import im.relay.messagegateway.chat.ConversationId;
import im.relay.messagegateway.chat.ConversationType;
import im.relay.messagegateway.chat.MessageReferences;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads client frames. Not JSON, not an object, a missing field or a field of the wrong JSON type is
 * MALFORMED_FRAME; an unknown {@code type} is UNKNOWN_TYPE; a well-formed field with a value no server would take
 * (SYSTEM content, empty text, a bad conversation id) is VALIDATION_FAILED, as REST answers it.
 */
final class FrameParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ID_LENGTH = 128;

    private FrameParser() {}

    static InboundFrame parse(String text, int maxTextLength) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            return new InboundFrame.Invalid(null, ErrorCode.MALFORMED_FRAME, "a frame must be a JSON object");
        }
        if (root == null || !root.isObject()) {
            return new InboundFrame.Invalid(null, ErrorCode.MALFORMED_FRAME, "a frame must be a JSON object");
        }
        String id = null;
        try {
            id = optionalString(root, "id");
            return switch (requiredString(root, "type")) {
                case "send" -> send(root, id, maxTextLength);
                case "sync" ->
                    new InboundFrame.Sync(
                            id, conversationId(root), optionalCount(root, "afterSeq", 0L), optionalLimit(root));
                case "read" -> new InboundFrame.Read(id, conversationId(root), optionalCount(root, "seq", null));
                case "typing" -> new InboundFrame.Typing(id, conversationId(root));
                case "recall" -> new InboundFrame.Recall(id, identifier(root, "messageId"));
                case "edit" -> edit(root, id, maxTextLength);
                case "react" -> react(root, id);
                case "ping" -> new InboundFrame.Ping(id);
                default -> new InboundFrame.Invalid(id, ErrorCode.UNKNOWN_TYPE, "unknown frame type");
            };
        } catch (Refused e) {
            return new InboundFrame.Invalid(id, e.code, e.getMessage());
        }
    }

    private static InboundFrame send(JsonNode root, String id, int maxTextLength) {
        if (id == null) {
            throw new Refused(ErrorCode.MALFORMED_FRAME, "id (the clientMsgId) is required");
        }
        String clientMsgId = identifier(root, "id");
        ConversationType conversationType = switch (requiredString(root, "conversationType")) {
            case "PRIVATE" -> ConversationType.PRIVATE;
            case "GROUP" -> ConversationType.GROUP;
            default -> throw new Refused(ErrorCode.VALIDATION_FAILED, "conversationType must be PRIVATE or GROUP");
        };
        String to = identifier(root, "to");
        ContentType contentType = contentType(requiredString(root, "contentType"));
        String content = requiredString(root, "content");
        refuseControlCharacters("content", content, contentType == ContentType.TEXT);
        if (contentType == ContentType.TEXT) {
            int length = content.codePointCount(0, content.length());
            if (content.isBlank() || length > maxTextLength) {
                throw new Refused(
                        ErrorCode.VALIDATION_FAILED, "TEXT content must be 1 to " + maxTextLength + " characters");
            }
        } else if (content.isBlank()) {
            throw new Refused(
                    ErrorCode.VALIDATION_FAILED, "content must be the id of an upload or the URL of the file");
        }
        return new InboundFrame.Send(clientMsgId, conversationType, to, contentType, content, references(root));
    }

    /** {@code replyTo} (a message id) and {@code mentions} (user ids or "@all"), both optional. */
    private static MessageReferences references(JsonNode root) {
        String replyTo = root.hasNonNull("replyTo") ? identifier(root, "replyTo") : null;
        JsonNode mentions = root.get("mentions");
        if (mentions == null || mentions.isNull()) {
            return new MessageReferences(replyTo, List.of());
        }
        if (!mentions.isArray()) {
            throw new Refused(ErrorCode.MALFORMED_FRAME, "mentions must be an array of user ids");
        }
        if (mentions.size() > MessageReferences.MAX_MENTIONS) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "at most " + MessageReferences.MAX_MENTIONS + " mentions");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode mention : mentions) {
            if (!mention.isString()) {
                throw new Refused(ErrorCode.MALFORMED_FRAME, "mentions must be an array of user ids");
            }
            String id = mention.stringValue();
            if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
                throw new Refused(ErrorCode.VALIDATION_FAILED, "mentions must be user ids or @all");
            }
            refuseControlCharacters("mentions", id, false);
            ids.add(id);
        }
        return new MessageReferences(replyTo, ids);
    }

    /** {@code {"type":"edit","id":…,"messageId":…,"content":…}}: the new text, checked as a TEXT send's. */
    private static InboundFrame edit(JsonNode root, @Nullable String id, int maxTextLength) {
        String messageId = identifier(root, "messageId");
        String content = requiredString(root, "content");
        refuseControlCharacters("content", content, true);
        int length = content.codePointCount(0, content.length());
        if (content.isBlank() || length > maxTextLength) {
            throw new Refused(
                    ErrorCode.VALIDATION_FAILED, "TEXT content must be 1 to " + maxTextLength + " characters");
        }
        return new InboundFrame.Edit(id, messageId, content);
    }

    /**
     * {@code {"type":"react","id":…,"messageId":…,"emoji":…,"add":true|false}} ({@code add} defaults to true); the
     * message server checks that {@code emoji} is one.
     */
    private static InboundFrame react(JsonNode root, @Nullable String id) {
        String messageId = identifier(root, "messageId");
        String emoji = identifier(root, "emoji");
        JsonNode add = root.get("add");
        if (add != null && !add.isNull() && !add.isBoolean()) {
            throw new Refused(ErrorCode.MALFORMED_FRAME, "add must be true or false");
        }
        return new InboundFrame.React(id, messageId, emoji, add == null || add.isNull() || add.booleanValue());
    }

    private static ContentType contentType(String value) {
        if (value.equals("SYSTEM")) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "SYSTEM messages are made by the server only");
        }
        try {
            return ContentType.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "contentType must be TEXT, IMAGE, AUDIO, VIDEO or FILE");
        }
    }

    private static ConversationId conversationId(JsonNode root) {
        return ConversationId.tryParse(requiredString(root, "conversationId"))
                .orElseThrow(() -> new Refused(
                        ErrorCode.VALIDATION_FAILED, "conversationId must be p:<userId>:<userId> or g:<groupId>"));
    }

    /** An id-like string: present, not blank, not absurdly long. */
    private static String identifier(JsonNode root, String name) {
        String value = requiredString(root, name);
        if (value.isBlank() || value.length() > MAX_ID_LENGTH) {
            throw new Refused(
                    ErrorCode.VALIDATION_FAILED, name + " must be 1 to " + MAX_ID_LENGTH + " characters, not blank");
        }
        refuseControlCharacters(name, value, false);
        return value;
    }

    /** UserText's rules, as a frame error: line breaks and tabs are for message text only. */
    private static void refuseControlCharacters(String name, String value, boolean messageText) {
        try {
            if (messageText) {
                UserText.message(name, value);
            } else {
                UserText.plain(name, value);
            }
        } catch (RelayException e) {
            throw new Refused(e.code(), e.detail());
        }
    }

    private static String requiredString(JsonNode root, String name) {
        String value = optionalString(root, name);
        if (value == null) {
            throw new Refused(ErrorCode.MALFORMED_FRAME, name + " is required");
        }
        return value;
    }

    private static @Nullable String optionalString(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new Refused(ErrorCode.MALFORMED_FRAME, name + " must be a string");
        }
        return node.stringValue();
    }

    /** A count of messages: a whole number, not negative; required when {@code absent} is null. */
    private static long optionalCount(JsonNode root, String name, @Nullable Long absent) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            if (absent == null) {
                throw new Refused(ErrorCode.MALFORMED_FRAME, name + " is required");
            }
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new Refused(ErrorCode.MALFORMED_FRAME, name + " must be a whole number");
        }
        if (node.longValue() < 0) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, name + " must not be negative");
        }
        return node.longValue();
    }

    private static @Nullable Integer optionalLimit(JsonNode root) {
        JsonNode node = root.get("limit");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new Refused(ErrorCode.MALFORMED_FRAME, "limit must be a whole number");
        }
        if (node.intValue() < 1) {
            throw new Refused(ErrorCode.VALIDATION_FAILED, "limit must be at least 1");
        }
        return node.intValue();
    }

    /** Ends parsing with an error frame; no stack trace, it is a client's mistake. */
    private static final class Refused extends RuntimeException {
        private final ErrorCode code;

        Refused(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
