package im.relay.messagegateway.websocket;

import im.relay.common.identity.Caller;
import im.relay.messagegateway.cluster.CloseCodes;
import im.relay.messagegateway.cluster.Connection;
import im.relay.messagegateway.observability.GatewayMetrics;
import io.netty.channel.Channel;
import java.time.Instant;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.atomic.unpadded.SpscChunkedAtomicUnpaddedArrayQueue;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One client socket. Everything sent to it, from any thread, goes through one bounded queue in order: frames,
 * pings, and finally the close, which therefore follows the frames queued before it (a {@code kicked} frame
 * arrives before close 4001; a stopping node drains before 1001). The connection exists, and is reachable, before
 * its WebSocket does: what is pushed to it while the upgrade completes waits in the queue until
 * {@link #sendAllTo(WebSocketSession)}.
 */
final class WebSocketConnection implements Connection {

    private sealed interface Outbound {}

    private record Text(String json) implements Outbound {}

    private record Ping() implements Outbound {}

    private record Close(CloseStatus status) implements Outbound {}

    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Frames per chunk of the outbound queue. */
    private static final int OUTBOUND_CHUNK = 16;

    private final String connectionId = UUID.randomUUID().toString();
    private final long sequence = SEQUENCE.incrementAndGet();
    private @Nullable WebSocketSession session; // guarded by this
    private final @Nullable Channel channel;
    private final Handshake handshake;
    private final GatewayMetrics metrics;
    private final Sinks.Many<Outbound> outbound;
    private final SendGuard sendGuard = new SendGuard();
    private final SendsInFlight sendsInFlight = new SendsInFlight();
    private final TokenBucket typingBucket = new TokenBucket();
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private volatile long lastRevocationCheckNanos = System.nanoTime();
    private volatile @Nullable CloseStatus closeStatus;
    /** A close asked for before the socket was attached. */
    private @Nullable CloseStatus closeBeforeAttach; // guarded by this

    private volatile long closeRequestedNanos;
    private boolean closing; // guarded by this

    WebSocketConnection(@Nullable Channel channel, Handshake handshake, int outboundBuffer, GatewayMetrics metrics) {
        this.channel = channel;
        this.handshake = handshake;
        this.metrics = metrics;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(outboundQueue(outboundBuffer));
    }

    /**
     * Holds at most {@code bound} frames (rounded up to a power of two), allocated a chunk at a time: a socket whose
     * client keeps up holds one small chunk, not the whole bound (4 KiB for 1,024 frames, allocated up front, was the
     * largest part of an idle socket's heap).
     */
    static <T> Queue<T> outboundQueue(int bound) {
        // the atomic, unpadded variant: no sun.misc.Unsafe, and none of the cache-line padding a busier queue needs
        return new SpscChunkedAtomicUnpaddedArrayQueue<>(Math.min(OUTBOUND_CHUNK, bound / 2), bound);
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public Caller caller() {
        return handshake.caller();
    }

    @Override
    public String platform() {
        return handshake.platform();
    }

    @Override
    public String deviceId() {
        return handshake.deviceId();
    }

    Instant expiresAt() {
        return handshake.expiresAt();
    }

    SendsInFlight sendsInFlight() {
        return sendsInFlight;
    }

    SendGuard sendGuard() {
        return sendGuard;
    }

    TokenBucket typingBucket() {
        return typingBucket;
    }

    @Override
    public boolean push(String frameJson) {
        if (emit(new Text(frameJson))) {
            metrics.frameOut();
            return true;
        }
        return false;
    }

    void ping() {
        lastPingNanos = System.nanoTime();
        emit(new Ping());
    }

    @Override
    public synchronized void close(int code, String reason, @Nullable String finalFrameJson) {
        if (closing) {
            return;
        }
        if (finalFrameJson != null) {
            push(finalFrameJson);
        }
        markClosing();
        if (outbound.tryEmitNext(new Close(new CloseStatus(code, reason))).isFailure()) {
            closeNow(new CloseStatus(code, reason));
        }
    }

    void seen() {
        lastSeenNanos = System.nanoTime();
    }

    long silentNanos(long now) {
        return now - lastSeenNanos;
    }

    long sinceLastPingNanos(long now) {
        return now - lastPingNanos;
    }

    /** True once per interval: time to check this socket's session against the denylist. */
    boolean revocationCheckDue(long now, long intervalNanos) {
        if (now - lastRevocationCheckNanos < intervalNanos) {
            return false;
        }
        lastRevocationCheckNanos = now;
        return true;
    }

    /**
     * The upgrade completed: writes the queue to {@code session} until a close comes through it, then closes with
     * that status. Completes when the socket is done with (the client went away, or {@link #inboundEnded()} ended the
     * queue).
     */
    Mono<Void> sendAllTo(WebSocketSession session) {
        synchronized (this) {
            this.session = session;
            CloseStatus early = closeBeforeAttach;
            if (early != null) {
                closeNow(early);
            }
        }
        Flux<WebSocketMessage> messages = outbound.asFlux()
                .takeUntil(item -> item instanceof Close)
                .concatMap(item -> switch (item) {
                    case Text text -> Mono.just(session.textMessage(text.json()));
                    case Ping ping -> Mono.just(session.pingMessage(factory -> factory.wrap(new byte[0])));
                    case Close close -> {
                        closeStatus = close.status();
                        yield Mono.empty();
                    }
                });
        return session.send(messages).onErrorResume(e -> Mono.empty()).then(Mono.defer(() -> {
            CloseStatus status = closeStatus;
            return status == null ? Mono.empty() : session.close(status).onErrorResume(e -> Mono.empty());
        }));
    }

    /** The client closed or the socket broke: nothing more will be read, so stop writing too. */
    synchronized void inboundEnded() {
        markClosing();
        outbound.tryEmitComplete();
    }

    /** How long ago a close was asked for that has not happened yet; 0 when none was. */
    long closingForNanos(long now) {
        long requested = closeRequestedNanos;
        return requested == 0 ? 0 : now - requested;
    }

    /** Drops the connection without a close handshake: for a client that reads nothing, not even the close. */
    void abort() {
        if (channel != null) {
            channel.close();
        }
    }

    private synchronized boolean emit(Outbound item) {
        if (closing) {
            return false;
        }
        Sinks.EmitResult result = outbound.tryEmitNext(item);
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            // the client does not read: it must reconnect and sync rather than make this node hold its backlog
            markClosing();
            closeNow(new CloseStatus(CloseCodes.TRY_AGAIN_LATER, CloseCodes.reason(CloseCodes.TRY_AGAIN_LATER)));
        }
        return result.isSuccess();
    }

    private void markClosing() {
        if (!closing) {
            closing = true;
            closeRequestedNanos = System.nanoTime();
        }
    }

    private synchronized void closeNow(CloseStatus status) {
        if (session == null) {
            closeBeforeAttach = status;
            return;
        }
        session.close(status).subscribe(null, e -> {});
    }
}
