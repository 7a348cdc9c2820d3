package im.relay.sdk;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/** The WebSocket's frames as JSON text, with the SDK's JSON settings ({@link Http#JSON}). */
final class FrameCodec {

    private static final ObjectWriter WRITER = Http.JSON.writerFor(ClientFrame.class);
    // a field left out reads as its default (false, 0), as a missing field does in a record of any other type
    private static final ObjectReader READER =
            Http.JSON.readerFor(ServerFrame.class).without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private FrameCodec() {}

    static String encode(ClientFrame frame) {
        return WRITER.writeValueAsString(frame);
    }

    /** The frame in {@code text}, or empty when it is not one (not JSON, or a known type with unreadable fields). */
    static Optional<ServerFrame> decode(String text) {
        try {
            return Optional.ofNullable(READER.readValue(text));
        } catch (JacksonException e) {
            return Optional.empty(); // not ours to fix; the server sends JSON
        }
    }
}
