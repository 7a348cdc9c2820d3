package im.relay.sdk;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Gap detection and sync over the {@link ConversationStreams} of one connection: a missing seq still missing a moment
 * later is fetched with {@code sync}; after every (re)connect, every conversation that moved past what was passed on is
 * synced; a conversation first seen later starts at its read cursor. Messages for the listener go to {@code deliver},
 * once each and in seq order per conversation (one's own acknowledged sends do not). Not thread-safe: its connection's loop calls it, and {@code scheduler} must run tasks on that loop.
 */
final class GapFiller {

    /** A gap is usually a message still on its way (one's own ack overtakes the fan-out), so it waits this long. */
    static final Duration GAP_GRACE = Duration.ofSeconds(1);

    static final int SYNC_LIMIT = 200; // the most a sync answers (API.md)

    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /** Asks the server where every conversation stands; answers with {@link #caughtUp} or {@link #catchUpDropped}. */
    interface ConversationsFetcher {
        void fetch();
    }

    /** A sync asked for: everything after a seq (a catch-up), or only the messages missing before held ones. */
    private record Request(String conversationId, boolean gapOnly) {}

    private final ConversationStreams streams = new ConversationStreams();
    private final Map<String, Request> syncs = new HashMap<>(); // by request id
    private final Set<String> gapChecks = new HashSet<>();
    private final Consumer<ClientFrame> writer;
    private final Scheduler scheduler;
    private final BooleanSupplier connected;
    private final ConversationsFetcher fetcher;
    private final Consumer<Message> deliver;
    private long requests;
    private boolean catchingUp;
    private boolean catchUpAgain;
    // set when a socket opens: what was sent while it was away must be fetched; other catch-ups (a conversation seen
    // for the first time) only learn where new conversations start, the rest arrives live
    private boolean syncAllOnCatchUp;

    GapFiller(
            Consumer<ClientFrame> writer,
            Scheduler scheduler,
            BooleanSupplier connected,
            ConversationsFetcher fetcher,
            Consumer<Message> deliver) {
        this.writer = writer;
        this.scheduler = scheduler;
        this.connected = connected;
        this.fetcher = fetcher;
        this.deliver = deliver;
    }

    /** Takes where every conversation stands as the start: only later messages are passed on. */
    void start(List<Conversation> conversations) {
        for (Conversation conversation : conversations) {
            streams.baseline(conversation.conversationId(), conversation.maxSeq());
        }
    }

    /** A socket opened: fetch what was sent while away. */
    void reconnected() {
        syncAllOnCatchUp = true;
        catchUp();
    }

    /** A socket is gone: its syncs will not be answered (the next catch-up asks again). */
    void disconnected() {
        syncs.clear();
    }

    /** A message that arrived live. */
    void live(Message message) {
        pass(streams.accept(message, true));
        if (!streams.known(message.conversationId())) {
            catchUp(); // a new conversation: learn where it starts
        } else {
            checkGapSoon(message.conversationId());
        }
    }

    /** One's own send, acknowledged: takes its seq without passing it to the listener. */
    void ownSend(Message message) {
        pass(streams.accept(message, false));
        checkGapSoon(message.conversationId());
    }

    /** Whether {@code requestId} was a sync of this filler (then refused: the next catch-up asks again). */
    boolean refused(String requestId) {
        return requestId != null && syncs.remove(requestId) != null;
    }

    /**
     * A sync answer. {@code settled} takes the messages that settle a pending send of this session (an ack lost on the
     * way): they complete their send instead of reaching the listener.
     */
    void synced(ServerFrame.Synced answer, Predicate<Message> settled) {
        Request request = answer.id() == null ? null : syncs.remove(answer.id());
        if (request == null) {
            return;
        }
        String conversationId = request.conversationId();
        Set<String> settledIds = new HashSet<>();
        for (Message message : answer.messages()) {
            if (settled.test(message)) {
                settledIds.add(message.messageId());
            }
        }
        pass(streams.synced(conversationId, answer.messages(), answer.hasMore()).stream()
                .filter(ready -> !settledIds.contains(ready.message().messageId()))
                .toList());
        if (streams.gapAfter(conversationId) >= 0) {
            checkGapSoon(conversationId);
        } else if (answer.hasMore() && !request.gapOnly()) {
            requestSync(conversationId, streams.delivered(conversationId), SYNC_LIMIT);
        }
    }

    /** The conversation list the fetcher was asked for, or {@code null} when the call failed (tried again at a tick). */
    void caughtUp(List<Conversation> conversations) {
        catchingUp = false;
        if (conversations == null) {
            catchUpAgain = true;
            return;
        }
        boolean syncAll = syncAllOnCatchUp;
        syncAllOnCatchUp = false;
        for (Conversation conversation : conversations) {
            String id = conversation.conversationId();
            boolean known = streams.known(id);
            pass(streams.baseline(id, conversation.readSeq()));
            long delivered = streams.delivered(id);
            if (syncAll && conversation.maxSeq() > delivered) {
                requestSync(id, delivered, SYNC_LIMIT);
            } else if (!known) {
                checkGapSoon(id);
            }
        }
        if (catchUpAgain) {
            catchUpAgain = false;
            catchUp();
        }
    }

    /** The fetch answered for a socket that is gone. */
    void catchUpDropped() {
        catchingUp = false;
    }

    /** Retries a catch-up that failed or was asked for while one was running. */
    void tick() {
        if (catchUpAgain && !catchingUp) {
            catchUpAgain = false;
            catchUp();
        }
    }

    long duplicates() {
        return streams.duplicates();
    }

    long filled() {
        return streams.filled();
    }

    private void pass(List<ConversationStreams.Ready> ready) {
        for (ConversationStreams.Ready next : ready) {
            if (next.toListener()) {
                deliver.accept(next.message());
            }
        }
    }

    private void catchUp() {
        if (catchingUp) {
            catchUpAgain = true;
            return;
        }
        catchingUp = true;
        fetcher.fetch();
    }

    private void checkGapSoon(String conversationId) {
        long gap = streams.gapAfter(conversationId);
        if (gap < 0 || !gapChecks.add(conversationId)) {
            return;
        }
        scheduler.schedule(
                () -> {
                    gapChecks.remove(conversationId);
                    if (!connected.getAsBoolean()) {
                        return;
                    }
                    if (streams.gapAfter(conversationId) == gap) {
                        // the same gap a moment later: what it waits for is lost; fetch just the missing messages,
                        // those after the held ones are still coming live
                        requestSync(conversationId, gap, (int) Math.min(SYNC_LIMIT, streams.missing(conversationId)));
                    } else {
                        checkGapSoon(conversationId); // filled meanwhile; a newer gap gets its own moment
                    }
                },
                GAP_GRACE);
    }

    private void requestSync(String conversationId, long afterSeq, int limit) {
        if (syncs.values().stream().anyMatch(sync -> sync.conversationId().equals(conversationId))) {
            return;
        }
        String id = "sync-" + (++requests);
        syncs.put(id, new Request(conversationId, limit < SYNC_LIMIT));
        writer.accept(new ClientFrame.Sync(id, conversationId, afterSeq, limit));
    }
}
