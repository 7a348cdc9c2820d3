package im.relay.messagegateway.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The sockets this node holds, by session id and by user. */
@Component
public class LocalSessions {

    private final Map<String, Connection> bySession = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();

    LocalSessions(MeterRegistry registry) {
        Gauge.builder("relay.ws.connections", bySession, Map::size)
                .description("Live WebSocket connections on this node")
                .register(registry);
    }

    /**
     * Adds a socket. Of two sockets of one session the newer stays (the older is a client's dead connection it has
     * not noticed yet): answers the socket that must go, which is the one being added when it registers late.
     */
    public Optional<Connection> register(Connection connection) {
        Connection[] replaced = new Connection[1];
        bySession.compute(connection.sessionId(), (session, existing) -> {
            if (existing == null || existing == connection) {
                return connection;
            }
            boolean newer = connection.sequence() > existing.sequence();
            replaced[0] = newer ? existing : connection;
            return newer ? connection : existing;
        });
        if (replaced[0] != connection) {
            byUser.computeIfAbsent(connection.userId(), u -> ConcurrentHashMap.newKeySet())
                    .add(connection);
        }
        return Optional.ofNullable(replaced[0]);
    }

    /** Removes a socket; a newer socket of the same session stays. */
    public void unregister(Connection connection) {
        bySession.remove(connection.sessionId(), connection);
        byUser.computeIfPresent(connection.userId(), (user, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    public Optional<Connection> session(String sessionId) {
        return Optional.ofNullable(bySession.get(sessionId));
    }

    public Collection<Connection> ofUser(String userId) {
        Set<Connection> connections = byUser.get(userId);
        return connections == null ? List.of() : List.copyOf(connections);
    }

    public Collection<Connection> all() {
        return List.copyOf(bySession.values());
    }

    public int size() {
        return bySession.size();
    }
}
