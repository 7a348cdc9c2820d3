package im.relay.messagegateway.cluster;

import im.relay.common.error.RelayException;
import im.relay.messagegateway.observability.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Gets frames to sessions wherever they are connected: to this node's sockets directly, and to each other node that
 * the route table names with ONE Deliver call per node for a whole batch, in the batch's order, so that a group
 * message crosses to each node once rather than once per member. Returns only when every node answered (or
 * failed), so that a Kafka consumer may commit after it.
 *
 * <p>A Deliver names each push by its {@link Source}, never by its frame: the receiving node reads the Kafka records
 * itself ({@link EventRecords}) or checks a typing or presence signal ({@link SignalCheck}), and pushes only to the
 * sessions whose user the source itself names as a recipient.
 */
@Service
public class DeliveryService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
    private static final Duration WARN_EVERY = Duration.ofSeconds(10);

    /** What this node did with a Deliver from another node. */
    public record LocalResult(int delivered, List<SessionRef> stale) {}

    private final LocalSessions local;
    private final RouteRepository routes;
    private final NodeClient nodes;
    private final NodeIdentity node;
    private final EventRecords events;
    private final SignalCheck signals;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong nextDropWarning = new AtomicLong(System.nanoTime());

    DeliveryService(
            LocalSessions local,
            RouteRepository routes,
            NodeClient nodes,
            NodeIdentity node,
            EventRecords events,
            SignalCheck signals,
            GatewayMetrics metrics,
            Clock clock) {
        this.local = local;
        this.routes = routes;
        this.nodes = nodes;
        this.node = node;
        this.events = events;
        this.signals = signals;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void deliver(List<Push> pushes) {
        if (pushes.isEmpty()) {
            return;
        }
        Set<String> users = new LinkedHashSet<>();
        pushes.forEach(push -> users.addAll(push.userIds()));
        Map<String, List<Route>> routesByUser = routes.lookup(users);
        Map<String, List<Delivery>> byNode = new LinkedHashMap<>();
        Map<String, Integer> messagesByNode = new LinkedHashMap<>();
        int localMessages = 0;
        for (Push push : pushes) {
            int here = pushHere(push.userIds(), push.exceptSessionId(), push.frameJson());
            localMessages += push.isMessage() ? here : 0;
            Map<String, List<SessionRef>> targets = new LinkedHashMap<>();
            for (String user : push.userIds()) {
                for (Route route : routesByUser.getOrDefault(user, List.of())) {
                    if (!node.isThisNode(route.node()) && !route.sessionId().equals(push.exceptSessionId())) {
                        targets.computeIfAbsent(route.node(), n -> new ArrayList<>())
                                .add(route.session());
                    }
                }
            }
            targets.forEach((other, sessions) -> {
                byNode.computeIfAbsent(other, n -> new ArrayList<>()).add(new Delivery(sessions, push.source()));
                if (push.isMessage()) {
                    messagesByNode.merge(other, sessions.size(), Integer::sum);
                }
            });
        }
        metrics.messagesDelivered(localMessages);
        forward(byNode, messagesByNode);
        Instant now = clock.instant();
        pushes.stream().filter(Push::isMessage).forEach(push -> metrics.delivered(push.sentAt(), now));
    }

    /**
     * Pushes another node named, for sockets it believes are here: each made again from its source (the event
     * records read from Kafka, in one read for the whole call), and only for sessions of users the source names.
     * Anything else is dropped and counted ({@code relay.deliveries.dropped}).
     */
    public LocalResult deliverHere(List<Delivery> deliveries) {
        Map<Source.Event, Push> read = events.pushes(deliveries.stream()
                .map(Delivery::source)
                .filter(Source.Event.class::isInstance)
                .map(Source.Event.class::cast)
                .distinct()
                .toList());
        int delivered = 0;
        Set<SessionRef> stale = new LinkedHashSet<>();
        for (Delivery delivery : deliveries) {
            Push push = remade(delivery.source(), read);
            if (push == null) {
                dropped("unknown-source", delivery.targets().size(), delivery.source(), null);
                continue;
            }
            for (SessionRef target : delivery.targets()) {
                List<Connection> connections;
                if (target.sessionId() == null || target.sessionId().isEmpty()) {
                    connections = List.copyOf(local.ofUser(target.userId()));
                } else {
                    Connection connection = heldHere(target);
                    if (connection == null) {
                        stale.add(target);
                        continue;
                    }
                    connections = List.of(connection);
                }
                for (Connection connection : connections) {
                    if (connection.sessionId().equals(push.exceptSessionId())) {
                        continue;
                    }
                    if (!mayHear(push, connection)) {
                        dropped("not-a-recipient", 1, push.source(), connection.userId());
                    } else if (connection.push(push.frameJson())) {
                        delivered++;
                    }
                }
            }
        }
        return new LocalResult(delivered, List.copyOf(stale));
    }

    /** The push a source makes on this node, or null when it makes none (no such event, a signal not true now). */
    private @Nullable Push remade(@Nullable Source source, Map<Source.Event, Push> read) {
        return switch (source) {
            case null -> null;
            case Source.Event event -> read.get(event);
            case Source.Typing typing ->
                signals.current(typing) ? Push.typing(Set.of(), typing.conversationId(), typing.userId()) : null;
            case Source.Presence presence ->
                signals.current(presence) ? Push.presence(Set.of(), presence.userId(), presence.online()) : null;
        };
    }

    private boolean mayHear(Push push, Connection connection) {
        return switch (push.source()) {
            case Source.Event event -> push.userIds().contains(connection.userId());
            case Source.Typing typing -> signals.mayHear(typing, connection.caller());
            case Source.Presence presence -> signals.mayHear(presence, connection.caller());
        };
    }

    /** Counted always; logged at most every {@link #WARN_EVERY}, since a caller could send many. */
    private void dropped(String reason, int count, @Nullable Source source, @Nullable String userId) {
        metrics.deliveryDropped(reason, count);
        long now = System.nanoTime();
        long next = nextDropWarning.get();
        if (now - next >= 0 && nextDropWarning.compareAndSet(next, now + WARN_EVERY.toNanos())) {
            log.warn(
                    "Dropped a forwarded push ({}: {}{}); further drops in the next {} s are only counted"
                            + " (relay.deliveries.dropped)",
                    reason,
                    Objects.requireNonNullElse(source, "no source"),
                    userId == null ? "" : ", for user " + userId,
                    WARN_EVERY.toSeconds());
        }
    }

    /** Closes sessions wherever they are (a revoked session's sockets). */
    public void closeSessions(Collection<SessionRef> sessions, int code, @Nullable String finalFrameJson) {
        Map<String, List<Route>> routesByUser = routes.lookup(
                sessions.stream().map(SessionRef::userId).distinct().toList());
        List<Route> elsewhere = new ArrayList<>();
        for (SessionRef session : sessions) {
            closeHere(List.of(session), code, finalFrameJson);
            routesByUser.getOrDefault(session.userId(), List.of()).stream()
                    .filter(route -> route.sessionId().equals(session.sessionId()))
                    .filter(route -> !node.isThisNode(route.node()))
                    .forEach(elsewhere::add);
        }
        closeRoutes(elsewhere, code, finalFrameJson);
    }

    /** Closes the sockets of the given routes: here only the socket a route names, elsewhere through its node. */
    public void closeRoutes(Collection<Route> targets, int code, @Nullable String finalFrameJson) {
        Map<String, List<SessionRef>> byNode = new LinkedHashMap<>();
        for (Route route : targets) {
            if (node.isThisNode(route.node())) {
                local.session(route.sessionId())
                        .filter(c -> c.connectionId().equals(route.connectionId()))
                        .ifPresent(c -> c.close(code, CloseCodes.reason(code), finalFrameJson));
            } else {
                byNode.computeIfAbsent(route.node(), n -> new ArrayList<>()).add(route.session());
            }
        }
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        byNode.forEach((other, sessions) -> calls.add(CompletableFuture.runAsync(
                () -> {
                    try {
                        nodes.closeSessions(other, sessions, code, finalFrameJson);
                    } catch (RelayException e) {
                        log.warn("Cannot close {} session(s) on node {}: {}", sessions.size(), other, e.detail());
                    }
                },
                this.calls)));
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    /** Closes sessions held here; answers how many sockets closed. */
    public int closeHere(Collection<SessionRef> sessions, int code, @Nullable String finalFrameJson) {
        int closed = 0;
        for (SessionRef session : sessions) {
            Connection connection = heldHere(session);
            if (connection != null) {
                connection.close(code, CloseCodes.reason(code), finalFrameJson);
                closed++;
            }
        }
        return closed;
    }

    private int pushHere(Set<String> userIds, @Nullable String exceptSessionId, String frameJson) {
        int pushed = 0;
        for (String user : userIds) {
            for (Connection connection : local.ofUser(user)) {
                if (!connection.sessionId().equals(exceptSessionId) && connection.push(frameJson)) {
                    pushed++;
                }
            }
        }
        return pushed;
    }

    private @Nullable Connection heldHere(SessionRef session) {
        return local.session(session.sessionId())
                .filter(c -> c.userId().equals(session.userId()))
                .orElse(null);
    }

    private void forward(Map<String, List<Delivery>> byNode, Map<String, Integer> messagesByNode) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        byNode.forEach((other, deliveries) -> calls.add(CompletableFuture.runAsync(
                () -> {
                    try {
                        NodeClient.Delivered result = nodes.deliver(other, deliveries);
                        metrics.forwarded(deliveries.size());
                        metrics.messagesDelivered(messagesByNode.getOrDefault(other, 0));
                        result.stale().forEach(session -> routes.removeIfOnNode(session, other));
                    } catch (RelayException e) {
                        // its sockets went with it (or will be closed by the route expiry); no retry
                        metrics.forwardFailed();
                        log.warn("Cannot deliver {} frame(s) to node {}: {}", deliveries.size(), other, e.detail());
                    }
                },
                this.calls)));
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void destroy() {
        calls.shutdown();
    }
}
