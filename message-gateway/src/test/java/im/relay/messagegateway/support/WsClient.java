package im.relay.messagegateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client as an app would use it (the JDK's): records every text frame it receives, the pings, and the
 * close code and reason. It answers pings with pongs, as browsers do.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private WsClient() {}

    /** Opens a socket; fails (with the handshake's status) if the server refuses the upgrade. */
    public static WsClient open(URI uri, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        client.socket =
                builder.buildAsync(uri, client).orTimeout(15, TimeUnit.SECONDS).join();
        return client;
    }

    public WsClient send(String frame) {
        socket.sendText(frame, true).orTimeout(15, TimeUnit.SECONDS).join();
        return this;
    }

    /** Waits for a frame that matches, and returns it. */
    public JsonNode await(Predicate<JsonNode> match) {
        return Awaitility.await()
                .atMost(WAIT)
                .until(() -> frames.stream().filter(match).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    /** Waits for a frame of {@code type} whose {@code field} is {@code value}. */
    public JsonNode await(String type, String field, String value) {
        return await(frame -> type.equals(frame.path("type").asString())
                && value.equals(frame.path(field).asString()));
    }

    public List<JsonNode> frames(Predicate<JsonNode> match) {
        return frames.stream().filter(match).toList();
    }

    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    /** Waits until the server closes the socket and returns the close code. */
    public int awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The reason the server gave with its close code; call after {@link #awaitClose()}. */
    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public int pings() {
        return pings.get();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null; // the JDK answers with a pong by itself
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }
}
