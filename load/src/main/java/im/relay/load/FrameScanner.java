package im.relay.load;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Finds the few fields the load tool needs in a server frame with Jackson's streaming parser, without building a tree:
 * the type, the {@code id} and {@code code} of an ack or error, and the {@code conversationId}, {@code seq} and
 * {@code content} of the message inside an ack or message frame. One instance per connection, reused frame after frame
 * (its fields are overwritten by each {@link #scan}).
 *
 * <pre>{@code
 * FrameScanner frame = new FrameScanner("p:alice:bob");
 * frame.scan(bytes, 0, bytes.length);
 * if (frame.type == FrameScanner.Type.MESSAGE && frame.inConversation) stream.delivered(frame.seq);
 * }</pre>
 */
final class FrameScanner {

    enum Type {
        ACK,
        MESSAGE,
        ERROR,
        OTHER
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] KNOWN_CODES = {"RATE_LIMITED", "SERVICE_UNAVAILABLE", "NOT_FRIENDS", "MALFORMED_FRAME"
    };

    private final String conversationId;

    Type type;
    /** The message's seq, 0 when the frame carries none. */
    long seq;
    /** Whether the message's conversationId is this connection's conversation. */
    boolean inConversation;
    /** Whether {@link #payload} was read from the frame's id or its message's content. */
    boolean hasPayload;

    final Payload payload = new Payload();
    /** An error frame's code; the known ones are constants, others are read as strings (errors are rare). */
    String code;

    FrameScanner(String conversationId) {
        this.conversationId = conversationId;
    }

    /** Reads one text frame's JSON; a frame that is not a JSON object comes out as {@link Type#OTHER}. */
    void scan(byte[] bytes, int offset, int length) {
        type = Type.OTHER;
        seq = 0;
        inConversation = false;
        hasPayload = false;
        code = null;
        Type named = Type.OTHER;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName(); // canonical: no String per frame
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> named = value == JsonToken.VALUE_STRING ? typeOf(parser) : Type.OTHER;
                    case "id" -> readPayload(parser, value);
                    case "code" -> code = value == JsonToken.VALUE_STRING ? codeOf(parser) : null;
                    case "message" -> {
                        if (value == JsonToken.START_OBJECT) {
                            scanMessage(parser);
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            type = named;
        } catch (RuntimeException e) {
            type = Type.OTHER; // not JSON: the server's bug, counted by the caller as an unreadable frame
        }
    }

    private void scanMessage(JsonParser parser) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0;
                case "conversationId" -> inConversation = value == JsonToken.VALUE_STRING && isConversation(parser);
                case "content" -> readPayload(parser, value);
                default -> parser.skipChildren();
            }
        }
    }

    private void readPayload(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_STRING && !hasPayload) {
            hasPayload = payload.read(parser.getStringCharacters(), parser.getStringOffset(), parser.getStringLength());
        }
    }

    private boolean isConversation(JsonParser parser) {
        return equal(parser, conversationId);
    }

    private static Type typeOf(JsonParser parser) {
        if (equal(parser, "ack")) {
            return Type.ACK;
        }
        if (equal(parser, "message")) {
            return Type.MESSAGE;
        }
        return equal(parser, "error") ? Type.ERROR : Type.OTHER;
    }

    private static String codeOf(JsonParser parser) {
        for (String known : KNOWN_CODES) {
            if (equal(parser, known)) {
                return known;
            }
        }
        return parser.getString();
    }

    /** Compares the current string value in place: no String is made for it. */
    private static boolean equal(JsonParser parser, String expected) {
        int length = parser.getStringLength();
        if (length != expected.length()) {
            return false;
        }
        char[] chars = parser.getStringCharacters();
        int offset = parser.getStringOffset();
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
