package im.relay.messagegateway.cluster;

import im.relay.messagegateway.frame.Frames;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Sessions joining and leaving: this node's registry, the shared route table and presence key, and the one-session-
 * per-platform rule (a new login on the same platform replaces the old session, wherever it is connected).
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final LocalSessions local;
    private final RouteRepository routes;
    private final DeliveryService delivery;
    private final NodeIdentity node;
    private final Clock clock;
    /**
     * One user's connects and disconnects on this node run one at a time: two sockets of a user opening at once (their
     * registration runs off the event loop, on two threads) could otherwise interleave so that the older one's route,
     * written last, replaced the newer one's and had it kicked. Striped: a lock per user would be a map to clean up.
     */
    private final ReentrantLock[] userLocks = new ReentrantLock[64];

    SessionService(
            LocalSessions local, RouteRepository routes, DeliveryService delivery, NodeIdentity node, Clock clock) {
        this.local = local;
        this.routes = routes;
        this.delivery = delivery;
        this.node = node;
        this.clock = clock;
        Arrays.setAll(userLocks, stripe -> new ReentrantLock());
    }

    /** What joining did: the user came online, was online already, or this socket lost to a newer one. */
    public enum Joined {
        CAME_ONLINE,
        WAS_ONLINE,
        REPLACED
    }

    /**
     * Makes a new socket reachable and kicks the sessions it replaces: an older socket of the same session and any
     * other session of the user on the same platform get {@code kicked} and close 4001.
     */
    public Joined connect(Connection connection) {
        ReentrantLock lock = lockOf(connection.userId());
        lock.lock();
        try {
            return connectLocked(connection);
        } finally {
            lock.unlock();
        }
    }

    private Joined connectLocked(Connection connection) {
        Optional<Connection> replacedHere = local.register(connection);
        replacedHere.ifPresent(
                older -> older.close(CloseCodes.KICKED, CloseCodes.reason(CloseCodes.KICKED), Frames.kicked()));
        if (replacedHere.isPresent() && replacedHere.get() == connection) {
            return Joined.REPLACED;
        }
        RouteRepository.Connected connected = routes.connect(route(connection));
        List<Route> replaced = connected.replaced().stream()
                .filter(route -> !route.connectionId().equals(connection.connectionId()))
                .toList();
        if (!replaced.isEmpty()) {
            log.debug("Session {} of user {} replaces {}", connection.sessionId(), connection.userId(), replaced);
            delivery.closeRoutes(replaced, CloseCodes.KICKED, Frames.kicked());
        }
        return connected.wasOnline() ? Joined.WAS_ONLINE : Joined.CAME_ONLINE;
    }

    /** Forgets a closed socket; answers whether its user has no session left anywhere, i.e. just went offline. */
    public boolean disconnect(Connection connection) {
        ReentrantLock lock = lockOf(connection.userId());
        lock.lock();
        try {
            local.unregister(connection);
            return routes.disconnect(route(connection));
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockOf(String userId) {
        return userLocks[Math.floorMod(userId.hashCode(), userLocks.length)];
    }

    /** Keeps this node's routes and presence keys from expiring while their sockets are open. */
    @Scheduled(fixedDelayString = "${relay.message-gateway.cluster.renew-interval:30s}")
    void renew() {
        Map<String, List<Route>> byUser =
                local.all().stream().map(this::route).collect(Collectors.groupingBy(Route::userId));
        try {
            byUser.forEach(routes::renew);
        } catch (DataAccessException e) {
            log.warn("Cannot renew routes now: {}", e.getMessage());
        }
    }

    private Route route(Connection connection) {
        return new Route(
                connection.userId(),
                connection.sessionId(),
                node.address(),
                connection.platform(),
                connection.deviceId(),
                connection.connectionId(),
                clock.millis());
    }
}
