package im.relay.sdk;

import static im.relay.sdk.ChatLoop.safely;

import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link ChatConnection} over the API gateway's {@code /api/chat/ws}: the coordinator of a {@link ChatSocket} (the
 * current socket), a {@link Reconnector} (backoff, close codes, heartbeat), {@link PendingSends} (resends), a
 * {@link GapFiller} (gaps and sync) and {@link ReadCursors}, exchanging typed frames ({@link FrameCodec}). Every state
 * change happens on one thread of its own ({@code loop}): the socket's callbacks, the timer and the caller's requests
 * are queued to it, so nothing here needs a lock.
 */
final class WebSocketChatConnection implements ChatConnection, SocketListener.Events {

    /** REST calls made for the loop, off it (never the common pool, which an application may keep busy). */
    private static final Executor BLOCKING =
            task -> Thread.ofVirtual().name("relay-chat-rest").start(task);

    private final HttpRelayClient client;
    private final ChatOptions options;
    private final ChatListener listener;
    private final Consumer<WebSocketChatConnection> onClosed;
    private final ChatLoop loop;
    private final ChatSocket socket;
    private final Reconnector reconnector;
    private final PendingSends pending;
    private final GapFiller gaps;
    private final ReadCursors reads = new ReadCursors();
    private final PendingChanges changes = new PendingChanges();
    private final FrameRouter router;

    private State state = State.CONNECTING;
    private boolean everOpened;
    private volatile long reconnects;
    private long pings;

    WebSocketChatConnection(
            HttpRelayClient client,
            Http http,
            ChatOptions options,
            ChatListener listener,
            Consumer<WebSocketChatConnection> onClosed) {
        this.client = client;
        this.options = options;
        this.listener = listener;
        this.onClosed = onClosed;
        this.loop = new ChatLoop("relay-chat-" + client.userId());
        this.socket = new ChatSocket(http, options.platform());
        this.reconnector = new Reconnector(options);
        this.pending = new PendingSends(options.ackTimeout(), socket::write, System::nanoTime);
        this.gaps = new GapFiller(
                socket::write,
                loop::schedule,
                () -> state == State.CONNECTED,
                this::fetchConversations,
                message -> safely(() -> listener.onMessage(message)));
        this.router =
                new FrameRouter(listener, gaps, pending, changes, client::userId, reason -> end("KICKED", reason));
    }

    /** Takes where every conversation stands now as the start, then connects. */
    void start() {
        gaps.start(client.messages().conversations());
        long tick = Math.max(
                50,
                Math.min(options.ackTimeout().toMillis(), options.heartbeat().toMillis()) / 4);
        loop.every(Duration.ofMillis(tick), this::tick);
        loop.submit(this::open);
    }

    @Override
    public CompletableFuture<Message> send(
            ConversationType type, String to, String clientMsgId, String contentType, String content, References refs) {
        ClientFrame.Send frame = new ClientFrame.Send(clientMsgId, type, to, contentType, content, refs);
        CompletableFuture<Message> result = new CompletableFuture<>();
        loop.submit(() -> {
            if (state == State.CLOSED) {
                result.completeExceptionally(new RelayException(0, "CLOSED", "the connection is closed"));
            } else {
                pending.add(frame, result, state == State.CONNECTED);
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<Message> recall(String messageId) {
        return change("recall", result -> changes.add(messageId, result));
    }

    @Override
    public CompletableFuture<Message> edit(String messageId, String content) {
        return change("edit", result -> changes.edit(messageId, content, result));
    }

    @Override
    public CompletableFuture<Message> react(String messageId, String emoji, boolean add) {
        return change("react", result -> changes.react(messageId, emoji, add, result));
    }

    /** A request answered by an ack with the changed message; it needs a connection (it is not resent). */
    private CompletableFuture<Message> change(String what, Function<CompletableFuture<Message>, ClientFrame> frame) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        loop.submit(() -> {
            if (state != State.CONNECTED) {
                result.completeExceptionally(new RelayException(0, "NOT_CONNECTED", what + " needs a connection"));
                return;
            }
            socket.write(frame.apply(result));
        });
        return result;
    }

    @Override
    public void typing(String conversationId) {
        loop.submit(() -> {
            if (state == State.CONNECTED) {
                socket.write(new ClientFrame.Typing(conversationId));
            }
        });
    }

    @Override
    public void read(String conversationId, long seq) {
        loop.submit(() -> {
            reads.moved(conversationId, seq);
            if (state == State.CONNECTED) {
                reads.drain().forEach(socket::write);
            }
        });
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public Stats stats() {
        return new Stats(reconnects, gaps.duplicates(), gaps.filled(), pending.resends());
    }

    @Override
    public void close() {
        loop.shutdownAfter(() -> end("CLOSED", "closed by the client"));
    }

    // --- the socket's events, queued to the loop ---

    @Override
    public void text(int socketNumber, String text) {
        loop.submit(() -> {
            if (socket.isCurrent(socketNumber)) {
                reconnector.frameSeen(System.nanoTime());
                FrameCodec.decode(text).ifPresent(router::route);
            }
        });
    }

    @Override
    public void ping(int socketNumber) {
        loop.submit(() -> {
            if (socket.isCurrent(socketNumber)) {
                reconnector.frameSeen(System.nanoTime());
            }
        });
    }

    @Override
    public void closed(int socketNumber, int code, String reason) {
        loop.submit(() -> {
            if (!socket.isCurrent(socketNumber) || state == State.CLOSED) {
                return;
            }
            socket.lost();
            switch (reconnector.closed(code)) {
                case KICKED -> end("KICKED", reason);
                case NOW -> reconnectNow();
                case LATER -> reconnectLater();
            }
        });
    }

    // --- on the loop ---

    private void open() {
        if (state == State.CLOSED) {
            return;
        }
        String token;
        try {
            token = reconnector.takeRefreshFirst() ? client.refreshedAccessToken() : client.accessToken();
        } catch (RelayException e) {
            if (e.status() == 401) {
                end("REVOKED", e.getMessage());
            } else {
                reconnectLater();
            }
            return;
        }
        CompletableFuture<WebSocket> handshake = socket.open(token, client.deviceId(), this);
        int socketNumber = socket.number();
        handshake.whenComplete((opened, error) -> loop.submit(() -> opened(socketNumber, opened, error)));
    }

    private void opened(int socketNumber, WebSocket opened, Throwable error) {
        if (error != null) {
            if (socket.isCurrent(socketNumber)) { // the connection was not closed or given the socket up meanwhile
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof WebSocketHandshakeException handshake) {
                    reconnector.handshakeRefused(handshake.getResponse().statusCode());
                }
                reconnectLater();
            }
            return;
        }
        if (!socket.attach(socketNumber, opened)) {
            return;
        }
        reconnector.connected(System.nanoTime());
        if (everOpened) {
            reconnects++;
        }
        everOpened = true;
        setState(State.CONNECTED);
        pending.sendAll();
        reads.drain().forEach(socket::write);
        gaps.reconnected();
    }

    private void fetchConversations() {
        int socketNumber = socket.number();
        CompletableFuture.supplyAsync(() -> client.messages().conversations(), BLOCKING)
                .whenComplete((conversations, error) -> loop.submit(() -> {
                    if (!socket.isCurrent(socketNumber) || state != State.CONNECTED) {
                        gaps.catchUpDropped();
                    } else {
                        gaps.caughtUp(error == null ? conversations : null);
                    }
                }));
    }

    private void tick() {
        if (state != State.CONNECTED) {
            return;
        }
        switch (reconnector.liveness(System.nanoTime())) {
            case DEAD -> {
                socket.abandon(); // silent too long
                reconnectNow();
                return;
            }
            case PING -> socket.write(new ClientFrame.Ping("ping-" + (++pings)));
            case ALIVE -> {}
        }
        pending.resendDue();
        gaps.tick();
    }

    private void reconnectNow() {
        setState(State.RECONNECTING);
        gaps.disconnected();
        loop.submit(this::open);
    }

    private void reconnectLater() {
        setState(State.RECONNECTING);
        gaps.disconnected();
        loop.schedule(this::open, reconnector.nextDelay());
    }

    private void end(String code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        setState(State.CLOSED);
        socket.close();
        RelayException closed = new RelayException(0, code, reason);
        pending.failAll(closed);
        changes.failAll(closed);
        safely(() -> listener.onClosed(code, reason));
        onClosed.accept(this);
    }

    private void setState(State next) {
        if (state != next) {
            state = next;
            safely(() -> listener.onStateChanged(next));
        }
    }
}
