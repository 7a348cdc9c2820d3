package im.relay.sdk;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The current socket of a connection. Sockets are numbered, so that the callbacks of one given up are ignored
 * ({@link #isCurrent}); frames are queued behind the ones before them (the JDK socket takes one send at a time) and
 * dropped while there is no socket. Not thread-safe: its connection's loop calls it.
 */
final class ChatSocket {

    private final Http http;
    private final String platform;
    private WebSocket socket;
    private int generation;
    private CompletableFuture<?> outgoing = CompletableFuture.completedFuture(null);

    ChatSocket(Http http, String platform) {
        this.http = http;
        this.platform = platform;
    }

    /** Starts the handshake of a new socket (which makes it the current one); answers it with its number. */
    CompletableFuture<WebSocket> open(String token, String deviceId, SocketListener.Events events) {
        int number = ++generation;
        URI uri =
                URI.create(http.baseUrl().toString().replaceFirst("^http", "ws").replaceAll("/$", "")
                        + "/api/chat/ws"
                        + Http.query("token", token, "platform", platform, "deviceId", deviceId));
        WebSocket.Builder builder = http.client().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        http.headers().forEach(builder::header);
        return builder.buildAsync(uri, new SocketListener(number, events));
    }

    /** The number of the socket opened last. */
    int number() {
        return generation;
    }

    boolean isCurrent(int number) {
        return number == generation;
    }

    /**
     * The handshake of socket {@code number} succeeded: frames go to it from now on, if it is still the current one;
     * one given up meanwhile is aborted (answers false).
     */
    boolean attach(int number, WebSocket opened) {
        if (!isCurrent(number)) {
            opened.abort();
            return false;
        }
        socket = opened;
        outgoing = CompletableFuture.completedFuture(null);
        return true;
    }

    /** The current socket closed by itself. */
    void lost() {
        socket = null;
    }

    /** Gives the current socket up without a close handshake (it went silent); its callbacks are ignored from now. */
    void abandon() {
        WebSocket dead = socket;
        socket = null;
        generation++;
        if (dead != null) {
            dead.abort();
        }
    }

    /** Closes the current socket normally; its callbacks are ignored from now. */
    void close() {
        generation++;
        WebSocket last = socket;
        socket = null;
        if (last != null) {
            last.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((ignored, error) -> last.abort());
        }
    }

    void write(ClientFrame frame) {
        WebSocket target = socket;
        if (target == null) {
            return;
        }
        String text = FrameCodec.encode(frame);
        outgoing = outgoing.thenCompose(ignored -> target.sendText(text, true)).exceptionally(error -> {
            target.abort();
            return null;
        });
    }
}
