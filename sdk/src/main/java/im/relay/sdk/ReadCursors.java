package im.relay.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read cursors not sent yet: moves of one conversation between two sends merge into the highest seq, and what was
 * moved while disconnected goes out when the next socket opens. Not thread-safe: its connection's loop calls it.
 */
final class ReadCursors {

    private final Map<String, Long> unsent = new LinkedHashMap<>();

    void moved(String conversationId, long seq) {
        unsent.merge(conversationId, seq, Math::max);
    }

    /** The frames to send now, one per conversation; forgets them. */
    List<ClientFrame.Read> drain() {
        List<ClientFrame.Read> frames = new ArrayList<>();
        unsent.forEach((conversationId, seq) -> frames.add(new ClientFrame.Read(conversationId, seq)));
        unsent.clear();
        return frames;
    }
}
