package im.relay.messagegateway.websocket;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagegateway.cluster.CloseCodes;
import im.relay.messagegateway.cluster.SessionService;
import im.relay.messagegateway.observability.GatewayMetrics;
import im.relay.messagegateway.presence.PresenceService;
import io.netty.channel.Channel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A socket's life: registered (route, kicks, presence) before its upgrade completes; its frames handled one at a
 * time in order; unregistered (route, presence) after it closed, whoever closed it.
 */
@Component
class GatewayWebSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayWebSocketHandler.class);

    private final SessionService sessions;
    private final PresenceService presence;
    private final FrameDispatcher dispatcher;
    private final LiveProperties<ConnectionLimits> limits;
    private final GatewayMetrics metrics;
    private final Scheduler blocking;
    private final Set<WebSocketConnection> connections = ConcurrentHashMap.newKeySet();
    /** Sockets not yet fully unregistered; a stopping node waits for none to be left. */
    private final AtomicInteger active = new AtomicInteger();

    GatewayWebSocketHandler(
            SessionService sessions,
            PresenceService presence,
            FrameDispatcher dispatcher,
            LiveProperties<ConnectionLimits> limits,
            GatewayMetrics metrics,
            @Qualifier("blockingWork") Scheduler blocking) {
        this.sessions = sessions;
        this.presence = presence;
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    /** Only through an {@link Opening}: a socket must come with its handshake, and be registered first. */
    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return session.close(CloseStatus.POLICY_VIOLATION);
    }

    /** A socket about to be opened for {@code handshake}; {@code channel} is null outside Reactor Netty. */
    Opening opening(Handshake handshake, @Nullable Channel channel) {
        return new Opening(
                new WebSocketConnection(channel, handshake, limits.get().outboundBuffer(), metrics), channel);
    }

    /**
     * A socket between a valid upgrade request and its 101: it is {@linkplain #register() registered} (route, kicks,
     * presence) before the upgrade completes, so that from the moment a client sees its socket open, whatever is pushed
     * to its user reaches it (pushed meanwhile, it waits in the connection's queue).
     */
    final class Opening implements WebSocketHandler {

        private final WebSocketConnection connection;
        private final @Nullable Channel channel;
        private boolean registering; // guarded by this
        private boolean registered; // guarded by this: the registration ended, well or not
        private boolean upgraded; // guarded by this
        private boolean abandoned; // guarded by this

        private Opening(WebSocketConnection connection, @Nullable Channel channel) {
            this.connection = connection;
            this.channel = channel;
        }

        /**
         * Registers the socket off the event loop, and comes back to the socket's event loop for the upgrade:
         * upgraded elsewhere, its first frames could be read before the fragment aggregator is in place. Fails with
         * SERVICE_UNAVAILABLE (a 503 instead of the 101) when Redis cannot take the route.
         */
        Mono<Void> register() {
            Mono<Void> registration = Mono.<Void>fromRunnable(this::registerNow)
                    .subscribeOn(blocking)
                    .onErrorMap(e -> !(e instanceof RelayException), e -> {
                        log.warn("Cannot open a socket for user {}: {}", connection.userId(), e.toString());
                        return new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "cannot open a socket now");
                    });
            return channel == null
                    ? registration
                    : registration.publishOn(Schedulers.fromExecutor(channel.eventLoop()));
        }

        /** A registration that the upgrade gave up on while it ran (the client went away) undoes itself. */
        private void registerNow() {
            synchronized (this) {
                if (abandoned) {
                    return;
                }
                registering = true;
            }
            active.incrementAndGet();
            try {
                open(connection);
            } finally {
                boolean undo;
                synchronized (this) {
                    registered = true;
                    undo = abandoned;
                }
                if (undo) {
                    closed(connection);
                }
            }
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            synchronized (this) {
                upgraded = true;
            }
            return GatewayWebSocketHandler.this.handle(session, connection, channel);
        }

        /**
         * The upgrade is over. A socket that never came of it (Spring refused the request, the registration failed,
         * the client went away) is unregistered here, or by its registration if that still runs.
         */
        void ended() {
            synchronized (this) {
                if (upgraded || abandoned) {
                    return;
                }
                abandoned = true;
                if (!registering || !registered) {
                    return;
                }
            }
            blocking.schedule(() -> closed(connection));
        }
    }

    private Mono<Void> handle(WebSocketSession session, WebSocketConnection connection, @Nullable Channel channel) {
        Flux<WebSocketMessage> inbound = session.receive();
        if (channel != null) {
            TooLongMessageHandler.install(channel);
        }
        Mono<Void> receiving = inbound.doOnNext(message -> connection.seen())
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT
                        || message.getType() == WebSocketMessage.Type.BINARY)
                .map(message -> new Arrival(
                        message.getType() == WebSocketMessage.Type.TEXT ? message.getPayloadAsText() : null,
                        System.nanoTime()))
                .concatMap(arrival -> {
                    InboundFrame frame = dispatcher.parse(arrival.text());
                    Mono<Void> handling =
                            Mono.fromRunnable(() -> dispatcher.handle(connection, frame, arrival.nanos()));
                    // a send or a ping goes on without a thread hop (one virtual thread per frame before)
                    return FrameDispatcher.mayBlock(frame) ? handling.subscribeOn(blocking) : handling;
                })
                .onErrorResume(e -> {
                    if (tooLong(e)) {
                        connection.close(CloseCodes.TOO_BIG, CloseCodes.reason(CloseCodes.TOO_BIG), null);
                    }
                    return Mono.empty();
                })
                .doFinally(signal -> connection.inboundEnded())
                .then();
        return Mono.when(connection.sendAllTo(session), receiving)
                .doFinally(signal -> blocking.schedule(() -> closed(connection)));
    }

    Collection<WebSocketConnection> connections() {
        return List.copyOf(connections);
    }

    int active() {
        return active.get();
    }

    private void open(WebSocketConnection connection) {
        connections.add(connection);
        SessionService.Joined joined = sessions.connect(connection);
        if (joined != SessionService.Joined.REPLACED) {
            presence.connected(connection, joined == SessionService.Joined.CAME_ONLINE);
        }
    }

    private void closed(WebSocketConnection connection) {
        connections.remove(connection);
        try {
            if (sessions.disconnect(connection)) {
                presence.wentOffline(connection.caller());
            }
        } catch (RuntimeException e) {
            // the route row expires by itself (route-ttl)
            log.warn("Cannot unregister session {}: {}", connection.sessionId(), e.toString());
        } finally {
            active.decrementAndGet();
        }
    }

    /** A message over the size limit: Netty refuses a single frame, the aggregator a message of fragments. */
    private static boolean tooLong(Throwable e) {
        return e instanceof TooLongFrameException
                || (e instanceof CorruptedWebSocketFrameException corrupted
                        && corrupted.closeStatus().code() == CloseCodes.TOO_BIG);
    }

    /** {@code text} is null for a binary frame. */
    private record Arrival(@Nullable String text, long nanos) {}
}
