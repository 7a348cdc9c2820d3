package im.relay.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link ChatConnection} to a {@link FakeRelayServer}: connected at once, never dropped, so nothing to repair
 * ({@link #stats()} stays zero). Futures are complete when the call returns; refusals carry status 0, as the
 * WebSocket's {@code error} frames do.
 */
final class FakeChatConnection implements ChatConnection {

    private static final Stats NOTHING_REPAIRED = new Stats(0, 0, 0, 0);

    private final FakeRelayServer server;
    private final FakeAccounts.Session session;
    private final ChatListener listener;
    private volatile State state = State.CONNECTING;

    FakeChatConnection(FakeRelayServer server, FakeAccounts.Session session, ChatListener listener) {
        this.server = server;
        this.session = session;
        this.listener = listener;
    }

    FakeAccounts.Session session() {
        return session;
    }

    @Override
    public CompletableFuture<Message> send(
            ConversationType type, String to, String clientMsgId, String contentType, String content) {
        return answer(() -> server.messages.send(session, type, to, clientMsgId, contentType, content));
    }

    @Override
    public CompletableFuture<Message> recall(String messageId) {
        if (state != State.CONNECTED) {
            return CompletableFuture.failedFuture(new RelayException(0, "NOT_CONNECTED", "recall needs a connection"));
        }
        return answer(() -> server.messages.recall(session, messageId));
    }

    @Override
    public void typing(String conversationId) {
        ignoringRefusals(() -> server.sessions.typing(session, conversationId));
    }

    @Override
    public void read(String conversationId, long seq) {
        ignoringRefusals(() -> server.messages.markRead(session, conversationId, seq));
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public Stats stats() {
        return NOTHING_REPAIRED;
    }

    @Override
    public void close() {
        server.run(() -> server.sessions.close(this, "CLOSED", "closed by the client"));
    }

    // --- under the server's lock ---

    void opened() {
        state = State.CONNECTED;
        server.later(() -> safely(() -> listener.onStateChanged(State.CONNECTED)));
    }

    /** Answers false when it had ended already. */
    boolean ended(String code, String reason) {
        if (state == State.CLOSED) {
            return false;
        }
        state = State.CLOSED;
        server.later(() -> safely(() -> listener.onStateChanged(State.CLOSED)));
        server.later(() -> safely(() -> listener.onClosed(code, reason)));
        return true;
    }

    /** Queues a listener call, dropped if the connection has closed by the time it is delivered. */
    void deliver(Consumer<ChatListener> event) {
        server.later(() -> {
            if (state != State.CLOSED) {
                safely(() -> event.accept(listener));
            }
        });
    }

    private CompletableFuture<Message> answer(Supplier<Message> call) {
        try {
            return CompletableFuture.completedFuture(server.call(() -> {
                if (state == State.CLOSED) {
                    throw new RelayException(0, "CLOSED", "the connection is closed");
                }
                return call.get();
            }));
        } catch (RelayException e) {
            return CompletableFuture.failedFuture(FakeRelayServer.overSocket(e));
        }
    }

    private void ignoringRefusals(Runnable call) {
        try {
            server.run(() -> {
                if (state == State.CONNECTED) {
                    call.run();
                }
            });
        } catch (RelayException e) {
            // the real server answers with an error frame that names no request; the connection ignores it
        }
    }

    /** As on the real connection: a listener's own failure is reported, and delivery goes on. */
    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }
}
