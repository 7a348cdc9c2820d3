package im.relay.sdk;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ChatConnection} over the API gateway's {@code /api/chat/ws}. Every state change happens on one thread of its
 * own ({@code loop}): the socket's callbacks, the timer and the caller's requests are queued to it, so nothing here
 * needs a lock. Sockets are numbered, so the callbacks of one given up are ignored.
 */
final class WebSocketChatConnection implements ChatConnection {

    /** REST calls made for the loop, off it (never the common pool, which an application may keep busy). */
    private static final java.util.concurrent.Executor BLOCKING =
            task -> Thread.ofVirtual().name("relay-chat-rest").start(task);

    private final HttpRelayClient client;
    private final Http http;
    private final ChatOptions options;
    private final ChatListener listener;
    private final Consumer<WebSocketChatConnection> onClosed;
    private final ScheduledExecutorService loop;
    private final ConversationStreams streams = new ConversationStreams();
    private final Map<String, PendingSend> pending = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Message>> recalls = new HashMap<>();
    private final Map<String, SyncRequest> syncs = new HashMap<>(); // by request id
    private final Map<String, Long> reads = new HashMap<>();
    private final java.util.Set<String> gapChecks = new java.util.HashSet<>();
    private static final Duration GAP_GRACE = Duration.ofSeconds(1);
    private static final Duration RETRY_REFUSED = Duration.ofSeconds(1);
    private static final int SYNC_LIMIT = 200; // the most a sync answers (API.md)

    private State state = State.CONNECTING;
    private WebSocket socket;
    private int generation;
    private CompletableFuture<?> outgoing = CompletableFuture.completedFuture(null);
    private int failedAttempts;
    private boolean opened;
    private boolean refreshFirst;
    private boolean catchingUp;
    private boolean catchUpAgain;
    // set when a socket opens: what was sent while it was away must be fetched; other catch-ups (a conversation seen
    // for the first time) only learn where new conversations start, the rest arrives live
    private boolean syncAllOnCatchUp;
    private long lastFrameNanos;
    private volatile long reconnects;
    private volatile long resends;
    private long requests;

    /** A sync asked for: everything after a seq (a catch-up), or only the messages missing before held ones. */
    private record SyncRequest(String conversationId, boolean gapOnly) {}

    private static final class PendingSend {
        final ObjectNode frame;
        final CompletableFuture<Message> result = new CompletableFuture<>();
        long sentNanos;
        long waitNanos; // until it is sent again: the ack timeout, doubling per resend up to 8 times it

        PendingSend(ObjectNode frame) {
            this.frame = frame;
        }
    }

    WebSocketChatConnection(
            HttpRelayClient client,
            Http http,
            ChatOptions options,
            ChatListener listener,
            Consumer<WebSocketChatConnection> onClosed) {
        this.client = client;
        this.http = http;
        this.options = options;
        this.listener = listener;
        this.onClosed = onClosed;
        this.loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .daemon()
                .name("relay-chat-" + client.userId())
                .factory());
    }

    /** Takes where every conversation stands now as the start, then connects. */
    void start() {
        for (Conversation conversation : client.messages().conversations()) {
            streams.baseline(conversation.conversationId(), conversation.maxSeq());
        }
        long tick = Math.max(
                50,
                Math.min(options.ackTimeout().toMillis(), options.heartbeat().toMillis()) / 4);
        loop.scheduleWithFixedDelay(() -> guarded(this::tick), tick, tick, TimeUnit.MILLISECONDS);
        loop.execute(() -> guarded(this::open));
    }

    @Override
    public CompletableFuture<Message> send(
            ConversationType type, String to, String clientMsgId, String contentType, String content) {
        ObjectNode frame = Http.JSON
                .createObjectNode()
                .put("type", "send")
                .put("id", clientMsgId)
                .put("conversationType", type.name())
                .put("to", to)
                .put("contentType", contentType)
                .put("content", content);
        PendingSend send = new PendingSend(frame);
        submit(() -> {
            if (state == State.CLOSED) {
                send.result.completeExceptionally(closedError());
                return;
            }
            PendingSend earlier = pending.putIfAbsent(clientMsgId, send);
            if (earlier != null) {
                earlier.result.whenComplete((message, error) -> complete(send.result, message, error));
            } else if (state == State.CONNECTED) {
                transmit(send);
            }
        });
        return send.result;
    }

    @Override
    public CompletableFuture<Message> recall(String messageId) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        submit(() -> {
            if (state != State.CONNECTED) {
                result.completeExceptionally(new RelayException(0, "NOT_CONNECTED", "recall needs a connection"));
                return;
            }
            String id = "recall-" + (++requests);
            recalls.put(id, result);
            write(frame("recall").put("id", id).put("messageId", messageId));
        });
        return result;
    }

    @Override
    public void typing(String conversationId) {
        submit(() -> {
            if (state == State.CONNECTED) {
                write(frame("typing").put("conversationId", conversationId));
            }
        });
    }

    @Override
    public void read(String conversationId, long seq) {
        submit(() -> {
            reads.merge(conversationId, seq, Math::max);
            if (state == State.CONNECTED) {
                sendReads();
            }
        });
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public Stats stats() {
        return new Stats(reconnects, streams.duplicates(), streams.filled(), resends);
    }

    @Override
    public void close() {
        try {
            CompletableFuture.runAsync(() -> end("CLOSED", "closed by the client"), loop)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already closed, or the loop is stuck: shut it down anyway
        }
        loop.shutdownNow();
    }

    // --- on the loop ---

    private void open() {
        if (state == State.CLOSED) {
            return;
        }
        String token;
        try {
            token = refreshFirst ? client.refreshedAccessToken() : client.accessToken();
            refreshFirst = false;
        } catch (RelayException e) {
            if (e.status() == 401) {
                end("REVOKED", e.getMessage());
            } else {
                reconnectLater();
            }
            return;
        }
        int socketNumber = ++generation;
        String deviceId = client.deviceId();
        URI uri =
                URI.create(http.baseUrl().toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/api/chat/ws"
                        + Http.query("token", token, "platform", options.platform(), "deviceId", deviceId));
        WebSocket.Builder builder = http.client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        http.headers().forEach(builder::header);
        builder.buildAsync(uri, new Frames(socketNumber))
                .whenComplete((opened, error) -> submit(() -> opened(socketNumber, opened, error)));
    }

    private void opened(int socketNumber, WebSocket opened, Throwable error) {
        if (socketNumber != generation || state == State.CLOSED) {
            if (opened != null) {
                opened.abort();
            }
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof WebSocketHandshakeException handshake
                    && handshake.getResponse().statusCode() == 401) {
                refreshFirst = true;
            }
            reconnectLater();
            return;
        }
        socket = opened;
        outgoing = CompletableFuture.completedFuture(null);
        lastFrameNanos = System.nanoTime();
        failedAttempts = 0;
        if (this.opened) {
            reconnects++;
        }
        this.opened = true;
        setState(State.CONNECTED);
        for (PendingSend send : pending.values()) {
            if (send.sentNanos != 0) {
                resends++;
            }
            transmit(send);
        }
        sendReads();
        syncAllOnCatchUp = true;
        catchUp();
    }

    /** Asks where every conversation stands and syncs those that moved past what was passed on. */
    private void catchUp() {
        if (catchingUp) {
            catchUpAgain = true;
            return;
        }
        catchingUp = true;
        int socketNumber = generation;
        CompletableFuture.supplyAsync(() -> client.messages().conversations(), BLOCKING)
                .whenComplete((conversations, error) -> submit(() -> caughtUp(socketNumber, conversations, error)));
    }

    private void caughtUp(int socketNumber, List<Conversation> conversations, Throwable error) {
        catchingUp = false;
        if (socketNumber != generation || state != State.CONNECTED) {
            return;
        }
        if (error != null) {
            catchUpAgain = true; // the next tick tries again
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

    private void requestSync(String conversationId, long afterSeq, int limit) {
        if (syncs.values().stream().anyMatch(sync -> sync.conversationId().equals(conversationId))) {
            return;
        }
        String id = "sync-" + (++requests);
        syncs.put(id, new SyncRequest(conversationId, limit < SYNC_LIMIT));
        write(frame("sync")
                .put("id", id)
                .put("conversationId", conversationId)
                .put("afterSeq", afterSeq)
                .put("limit", limit));
    }

    /** Fetches just the messages missing before the held ones: those after them are still coming live. */
    private void requestGapSync(String conversationId) {
        long gap = streams.gapAfter(conversationId);
        if (gap >= 0) {
            requestSync(conversationId, gap, (int) Math.min(SYNC_LIMIT, streams.missing(conversationId)));
        }
    }

    private void frameReceived(int socketNumber, String text) {
        if (socketNumber != generation) {
            return;
        }
        lastFrameNanos = System.nanoTime();
        JsonNode frame;
        try {
            frame = Http.JSON.readTree(text);
        } catch (RuntimeException e) {
            return; // not ours to fix; the server sends JSON
        }
        String id = frame.path("id").asString(null);
        switch (frame.path("type").asString("")) {
            case "message" -> received(message(frame.path("message")));
            case "ack" -> acked(id, message(frame.path("message")));
            case "error" ->
                refused(
                        id,
                        frame.path("code").asString("ERROR"),
                        frame.path("message").asString(""));
            case "sync" -> synced(id, frame);
            case "recalled" ->
                safely(() -> listener.onRecalled(
                        frame.path("conversationId").asString(),
                        frame.path("messageId").asString(),
                        frame.path("by").asString()));
            case "read" ->
                safely(() -> listener.onRead(
                        frame.path("conversationId").asString(),
                        frame.path("userId").asString(),
                        frame.path("seq").asLong()));
            case "typing" ->
                safely(() -> listener.onTyping(
                        frame.path("conversationId").asString(),
                        frame.path("userId").asString()));
            case "presence" ->
                safely(() -> listener.onPresence(
                        frame.path("userId").asString(), frame.path("online").asBoolean()));
            case "notification" ->
                safely(() -> listener.onNotification(
                        frame.path("event").asString(), Http.JSON.convertValue(frame.path("data"), Map.class)));
            case "kicked" -> end("KICKED", frame.path("reason").asString("LOGGED_IN_ELSEWHERE"));
            default -> {} // pong, and frame types newer than this client
        }
    }

    private void received(Message message) {
        pass(streams.accept(message, true));
        if (!streams.known(message.conversationId())) {
            catchUp();
            return;
        }
        checkGapSoon(message.conversationId());
    }

    /**
     * A gap is usually a message still on its way (one's own ack overtakes the fan-out of others' messages), so it is
     * synced only if it is still there a moment later.
     */
    private void checkGapSoon(String conversationId) {
        long gap = streams.gapAfter(conversationId);
        if (gap < 0 || !gapChecks.add(conversationId)) {
            return;
        }
        loop.schedule(
                () -> guarded(() -> {
                    gapChecks.remove(conversationId);
                    if (state != State.CONNECTED) {
                        return;
                    }
                    if (streams.gapAfter(conversationId) == gap) {
                        requestGapSync(conversationId); // the same gap a moment later: what it waits for is lost
                    } else {
                        checkGapSoon(conversationId); // filled meanwhile; a newer gap gets its own moment
                    }
                }),
                GAP_GRACE.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void acked(String id, Message message) {
        CompletableFuture<Message> recall = recalls.remove(id);
        if (recall != null) {
            recall.complete(message);
            return;
        }
        PendingSend send = pending.remove(id);
        if (send != null) {
            pass(streams.accept(message, false));
            send.result.complete(message);
            checkGapSoon(message.conversationId());
        }
    }

    private void refused(String id, String code, String text) {
        CompletableFuture<Message> recall = recalls.remove(id);
        if (recall != null) {
            recall.completeExceptionally(new RelayException(0, code, text));
            return;
        }
        if (syncs.remove(id) != null) {
            return; // the next catch-up asks again
        }
        PendingSend send = pending.get(id);
        if (send != null && !code.equals("SERVICE_UNAVAILABLE") && !code.equals("RATE_LIMITED")) {
            pending.remove(id);
            send.result.completeExceptionally(new RelayException(0, code, text));
        }
        // SERVICE_UNAVAILABLE and RATE_LIMITED were not stored: sent again in a second
        if (send != null) {
            send.waitNanos = Math.min(send.waitNanos, System.nanoTime() - send.sentNanos + RETRY_REFUSED.toNanos());
        }
    }

    private void synced(String id, JsonNode frame) {
        SyncRequest request = syncs.remove(id);
        if (request == null) {
            return;
        }
        String conversationId = request.conversationId();
        List<Message> messages = new ArrayList<>();
        java.util.Set<String> mine = new java.util.HashSet<>();
        for (JsonNode node : frame.path("messages")) {
            Message message = message(node);
            messages.add(message);
            // a send of this session whose ack was lost: stored after all, so its future completes here
            PendingSend send =
                    message.senderId().equals(client.userId()) ? pending.remove(message.clientMsgId()) : null;
            if (send != null) {
                send.result.complete(message);
                mine.add(message.messageId());
            }
        }
        boolean hasMore = frame.path("hasMore").asBoolean();
        pass(streams.synced(conversationId, messages, hasMore).stream()
                .filter(ready -> !mine.contains(ready.message().messageId()))
                .toList());
        if (streams.gapAfter(conversationId) >= 0) {
            checkGapSoon(conversationId);
        } else if (hasMore && !request.gapOnly()) {
            requestSync(conversationId, streams.delivered(conversationId), SYNC_LIMIT);
        }
    }

    private void closed(int socketNumber, int code, String reason) {
        if (socketNumber != generation || state == State.CLOSED) {
            return;
        }
        socket = null;
        switch (code) {
            case 4001 -> end("KICKED", reason);
            case 4002 -> {
                refreshFirst = true; // a revoked session cannot refresh either: open() then ends it
                reconnectLater();
            }
            case 4003 -> {
                refreshFirst = true;
                reconnectNow();
            }
            default -> reconnectLater();
        }
    }

    private void tick() {
        if (state != State.CONNECTED) {
            return;
        }
        long now = System.nanoTime();
        long silent = now - lastFrameNanos;
        if (silent > 2 * options.heartbeat().toNanos()) {
            giveUpSocket();
            return;
        }
        if (silent > options.heartbeat().toNanos()) {
            write(frame("ping").put("id", "ping-" + (++requests)));
        }
        for (PendingSend send : pending.values()) {
            if (now - send.sentNanos > send.waitNanos) {
                resends++;
                send.waitNanos =
                        Math.min(2 * send.waitNanos, 8 * options.ackTimeout().toNanos());
                transmit(send);
            }
        }
        if (catchUpAgain && !catchingUp) {
            catchUpAgain = false;
            catchUp();
        }
    }

    private void giveUpSocket() {
        WebSocket dead = socket;
        socket = null;
        generation++;
        if (dead != null) {
            dead.abort();
        }
        reconnectNow();
    }

    private void reconnectNow() {
        setState(State.RECONNECTING);
        loop.execute(() -> guarded(this::open));
    }

    private void reconnectLater() {
        setState(State.RECONNECTING);
        syncs.clear();
        long ceiling = Math.min(
                options.maxBackoff().toMillis(), options.minBackoff().toMillis() << Math.min(failedAttempts, 16));
        failedAttempts++;
        long delay = ThreadLocalRandom.current().nextLong(ceiling + 1);
        loop.schedule(() -> guarded(this::open), delay, TimeUnit.MILLISECONDS);
    }

    private void end(String code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        setState(State.CLOSED);
        generation++;
        if (socket != null) {
            WebSocket last = socket;
            socket = null;
            last.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((ignored, error) -> last.abort());
        }
        RelayException closed = new RelayException(0, code, reason);
        pending.values().forEach(send -> send.result.completeExceptionally(closed));
        pending.clear();
        recalls.values().forEach(recall -> recall.completeExceptionally(closed));
        recalls.clear();
        safely(() -> listener.onClosed(code, reason));
        onClosed.accept(this);
    }

    private void transmit(PendingSend send) {
        if (send.waitNanos == 0) {
            send.waitNanos = options.ackTimeout().toNanos();
        }
        send.sentNanos = System.nanoTime();
        write(send.frame);
    }

    private void sendReads() {
        reads.forEach((conversationId, seq) ->
                write(frame("read").put("conversationId", conversationId).put("seq", seq)));
        reads.clear();
    }

    /** Queues a frame behind the ones before it (the JDK socket takes one send at a time). */
    private void write(JsonNode frame) {
        WebSocket target = socket;
        if (target == null) {
            return;
        }
        String text = frame.toString();
        outgoing = outgoing.thenCompose(ignored -> target.sendText(text, true)).exceptionally(error -> {
            target.abort();
            return null;
        });
    }

    private void pass(List<ConversationStreams.Ready> ready) {
        for (ConversationStreams.Ready next : ready) {
            if (next.toListener()) {
                safely(() -> listener.onMessage(next.message()));
            }
        }
    }

    private void setState(State next) {
        if (state != next) {
            state = next;
            safely(() -> listener.onStateChanged(next));
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // the listener's own failure must not stop the connection
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }

    private void submit(Runnable task) {
        try {
            loop.execute(() -> guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run(); // closed: the task sees State.CLOSED and fails what it must
        }
    }

    private static void guarded(Runnable task) {
        safely(task);
    }

    private static RelayException closedError() {
        return new RelayException(0, "CLOSED", "the connection is closed");
    }

    private static ObjectNode frame(String type) {
        return Http.JSON.createObjectNode().put("type", type);
    }

    private static Message message(JsonNode node) {
        return Http.read(node, Message.class);
    }

    private static void complete(CompletableFuture<Message> target, Message message, Throwable error) {
        if (error != null) {
            target.completeExceptionally(error);
        } else {
            target.complete(message);
        }
    }

    /** The socket's callbacks, each handed to the loop with the number of the socket it came from. */
    private final class Frames implements WebSocket.Listener {
        private final int socketNumber;
        private final StringBuilder partial = new StringBuilder();

        Frames(int socketNumber) {
            this.socketNumber = socketNumber;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                submit(() -> frameReceived(socketNumber, text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
            submit(() -> {
                if (socketNumber == generation) {
                    lastFrameNanos = System.nanoTime();
                }
            });
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            submit(() -> closed(socketNumber, statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            submit(() -> closed(socketNumber, -1, String.valueOf(error)));
        }
    }
}
