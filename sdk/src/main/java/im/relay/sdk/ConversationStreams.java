package im.relay.sdk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client side of the delivery contract for every conversation of one connection: what was passed on up to which
 * seq, messages held back until the ones before them arrive, and the repeats dropped by messageId. Not thread-safe:
 * its connection calls it from its own thread.
 */
final class ConversationStreams {

    private static final int REMEMBERED_IDS = 10_000;

    /** A message ready for the listener; {@code toListener} is false for one's own acknowledged sends. */
    record Ready(Message message, boolean toListener) {}

    private static final class Stream {
        long delivered = -1; // unknown until a baseline is set
        final TreeMap<Long, Ready> held = new TreeMap<>();
    }

    private final Map<String, Stream> streams = new HashMap<>();
    private final Map<String, Boolean> seenIds = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    // written on the connection's thread, read by stats() on any
    private volatile long duplicates;
    private volatile long filled;

    /** The seq passed on up to, or -1 when this conversation has no baseline yet. */
    long delivered(String conversationId) {
        Stream stream = streams.get(conversationId);
        return stream == null ? -1 : stream.delivered;
    }

    boolean known(String conversationId) {
        return delivered(conversationId) >= 0;
    }

    /**
     * Starts a conversation's stream after {@code seq} (or, if messages are already held, before the first of them).
     * No-op for a conversation that has one; answers what became ready.
     */
    List<Ready> baseline(String conversationId, long seq) {
        Stream stream = streams.computeIfAbsent(conversationId, id -> new Stream());
        if (stream.delivered >= 0) {
            return List.of();
        }
        stream.delivered = stream.held.isEmpty() ? seq : Math.min(seq, stream.held.firstKey() - 1);
        return flush(stream);
    }

    /** A live message (or one's own ack, {@code toListener} false); answers what became ready, in seq order. */
    List<Ready> accept(Message message, boolean toListener) {
        if (seenIds.containsKey(message.messageId())) {
            duplicates++;
            return List.of();
        }
        Stream stream = streams.computeIfAbsent(message.conversationId(), id -> new Stream());
        if (stream.delivered >= 0 && message.seq() <= stream.delivered || stream.held.containsKey(message.seq())) {
            duplicates++;
            return List.of();
        }
        stream.held.put(message.seq(), new Ready(message, toListener));
        return stream.delivered < 0 ? List.of() : flush(stream);
    }

    /**
     * A {@code sync} answer: everything after the seq it was asked from up to its last message, so a seq it skips was
     * deleted for this user and is not waited for.
     */
    List<Ready> synced(String conversationId, List<Message> messages, boolean hasMore) {
        Stream stream = streams.computeIfAbsent(conversationId, id -> new Stream());
        List<Ready> ready = new ArrayList<>();
        for (Message message : messages) {
            if (seenIds.containsKey(message.messageId())
                    || stream.delivered >= 0 && message.seq() <= stream.delivered) {
                duplicates++;
                continue;
            }
            Ready held = stream.held.remove(message.seq());
            stream.delivered = message.seq();
            seenIds.put(message.messageId(), true);
            if (held == null) {
                filled++;
            }
            // one's own ack held behind the gap completed its send already: it must not reach the listener now
            ready.add(new Ready(message, held == null || held.toListener()));
        }
        if (!hasMore && ready.isEmpty()) {
            // The server has nothing after what was passed on, so what it skips before the held messages was deleted
            // for this user: stop waiting. Not after an answer that brought messages: it may have been made before
            // later ones were stored, and skipping to a held one that overtook them would drop them; the next sync
            // (gapAfter) fetches them, or answers nothing and ends the wait here.
            stream.held.headMap(stream.delivered, true).clear();
            if (!stream.held.isEmpty() && stream.delivered >= 0) {
                stream.delivered = stream.held.firstKey() - 1;
            }
        }
        ready.addAll(flush(stream));
        return ready;
    }

    /** The seq to sync after, when a conversation waits for missing messages; -1 when it does not. */
    long gapAfter(String conversationId) {
        Stream stream = streams.get(conversationId);
        if (stream == null || stream.delivered < 0 || stream.held.isEmpty()) {
            return -1;
        }
        return stream.held.firstKey() > stream.delivered + 1 ? stream.delivered : -1;
    }

    /** How many seqs are missing before the first held message (0 when none is). */
    long missing(String conversationId) {
        long gap = gapAfter(conversationId);
        return gap < 0 ? 0 : streams.get(conversationId).held.firstKey() - gap - 1;
    }

    long duplicates() {
        return duplicates;
    }

    long filled() {
        return filled;
    }

    private List<Ready> flush(Stream stream) {
        List<Ready> ready = new ArrayList<>();
        while (!stream.held.isEmpty() && stream.held.firstKey() <= stream.delivered + 1) {
            Ready next = stream.held.pollFirstEntry().getValue();
            if (next.message().seq() <= stream.delivered) {
                duplicates++;
                continue;
            }
            stream.delivered = next.message().seq();
            seenIds.put(next.message().messageId(), true);
            ready.add(next);
        }
        return ready;
    }
}
