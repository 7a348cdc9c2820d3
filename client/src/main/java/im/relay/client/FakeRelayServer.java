package im.relay.client;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The in-memory Relay that {@link FakeRelayClient}s share, so that fake users can find, befriend and message each
 * other without a network.
 *
 * <pre>{@code
 * FakeRelayServer server = new FakeRelayServer();
 * RelayClient alice = server.client();
 * RelayClient bob = server.client();
 * alice.register("alice", "password1", null);
 * User b = bob.register("bob", "password2", null);
 * FriendRequest asked = alice.friends().request(b.id(), "hi");
 * bob.friends().accept(asked.id());
 * alice.messages().send(ConversationType.PRIVATE, b.id(), ClientMsgIds.next(), "TEXT", "hello");
 * }</pre>
 *
 * <p>Every call runs under one lock, so clients may be used from several threads. Listener calls ({@link
 * ChatListener}) are made one at a time, in the order the server produced them, on the thread whose call produced
 * them, after that call's changes and before it returns; a listener that calls a client itself gets the events of
 * that call after it returned. (If another thread is delivering at that moment, that thread delivers them, still in
 * order.) Timestamps come from the clock, truncated to milliseconds as the real server does.
 */
public final class FakeRelayServer {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    final FakeAccounts accounts = new FakeAccounts(this);
    final FakeFriendGraph friends = new FakeFriendGraph(this);
    final FakeGroups groups = new FakeGroups(this);
    final FakeMessageStore messages = new FakeMessageStore(this);
    final FakeSessions sessions = new FakeSessions(this);

    private final Deque<Runnable> outbox = new ArrayDeque<>(); // guarded by this
    private boolean delivering; // guarded by this

    public FakeRelayServer() {
        this(Clock.systemUTC());
    }

    /** A server whose timestamps, token expiry and recall window follow {@code clock}. */
    public FakeRelayServer(Clock clock) {
        this.clock = clock;
    }

    /** A new client, not signed in: {@code register}, {@code login} or {@code resume} first. */
    public FakeRelayClient client() {
        return new FakeRelayClient(this);
    }

    /** Runs {@code call} under the server's lock, then delivers the listener calls it produced. */
    <T> T call(Supplier<T> call) {
        T result;
        synchronized (this) {
            result = call.get();
        }
        deliver();
        return result;
    }

    void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    /** Queues a listener call; only under the lock, from inside {@link #call}. */
    void later(Runnable event) {
        outbox.add(event);
    }

    private void deliver() {
        synchronized (this) {
            if (delivering) {
                return; // a listener called back, or another thread is delivering: it takes these too
            }
            delivering = true;
        }
        try {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = outbox.poll();
                    if (next == null) {
                        delivering = false;
                        return;
                    }
                }
                next.run();
            }
        } finally {
            synchronized (this) {
                delivering = false; // an Error from a listener (a failed assertion) leaves the rest for the next call
            }
        }
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A timestamp as the JSON of notifications carries it: ISO-8601 UTC with exactly three fraction digits. */
    static String json(Instant instant) {
        return instant == null ? null : ISO_MILLIS.format(instant);
    }

    static RelayException notFound(String what) {
        return new RelayException(404, "NOT_FOUND", "no " + what);
    }

    static RelayException invalid(String detail) {
        return new RelayException(400, "VALIDATION_FAILED", detail);
    }

    static RelayException forbidden(String code, String detail) {
        return new RelayException(403, code, detail);
    }

    static RelayException conflict(String code, String detail) {
        return new RelayException(409, code, detail);
    }

    /** The same refusal as the WebSocket's {@code error} frame reports it: status 0. */
    static RelayException overSocket(RelayException e) {
        String prefix = e.code() + ": ";
        String detail = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : "";
        return new RelayException(0, e.code(), detail);
    }

    static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    /** An http(s) URL with a host of at most 2,048 characters, or "" for none. */
    static String httpUrlOrEmpty(String field, String url) {
        if (url == null || url.isEmpty()) {
            return "";
        }
        try {
            URI uri = URI.create(url);
            if (url.length() <= 2048
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // not a URI at all: refused below
        }
        throw invalid(field + " must be an http or https URL of at most 2048 characters");
    }
}
