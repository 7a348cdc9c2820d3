package im.relay.messagegateway.cluster;

import im.relay.common.error.RelayException;
import im.relay.messagegateway.observability.GatewayMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 */
@Service
public class DeliveryService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    /** What this node did with a Deliver from another node. */
    public record LocalResult(int delivered, List<SessionRef> stale) {}

    private final LocalSessions local;
    private final RouteRepository routes;
    private final NodeClient nodes;
    private final NodeIdentity node;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    DeliveryService(
            LocalSessions local,
            RouteRepository routes,
            NodeClient nodes,
            NodeIdentity node,
            GatewayMetrics metrics,
            Clock clock) {
        this.local = local;
        this.routes = routes;
        this.nodes = nodes;
        this.node = node;
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
                byNode.computeIfAbsent(other, n -> new ArrayList<>())
                        .add(new Delivery(sessions, push.exceptSessionId(), push.frameJson()));
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

    /** Frames another node forwarded, for sockets it believes are here. */
    public LocalResult deliverHere(List<Delivery> deliveries) {
        int delivered = 0;
        Set<SessionRef> stale = new LinkedHashSet<>();
        for (Delivery delivery : deliveries) {
            for (SessionRef target : delivery.targets()) {
                if (target.sessionId() == null || target.sessionId().isEmpty()) {
                    delivered += pushHere(Set.of(target.userId()), delivery.exceptSessionId(), delivery.frameJson());
                } else if (target.sessionId().equals(delivery.exceptSessionId())) {
                    continue;
                } else {
                    Connection connection = heldHere(target);
                    if (connection != null && connection.push(delivery.frameJson())) {
                        delivered++;
                    } else if (connection == null) {
                        stale.add(target);
                    }
                }
            }
        }
        return new LocalResult(delivered, List.copyOf(stale));
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
