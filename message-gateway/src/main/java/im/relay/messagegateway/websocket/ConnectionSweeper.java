package im.relay.messagegateway.websocket;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.RelayException;
import im.relay.common.security.SessionRevocations;
import im.relay.messagegateway.cluster.CloseCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Once a second, over this node's sockets: WebSocket pings every ping-interval, close after idle-timeout of
 * silence, close 4003 when the access token expires, close 4002 when its session is on the denylist (the revocation
 * event normally comes first; this catches one that was missed), and drop sockets that ignore their close. The sockets
 * due for the denylist are checked together, a thousand to a Redis round trip.
 */
@Component
class ConnectionSweeper {

    private static final Logger log = LoggerFactory.getLogger(ConnectionSweeper.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final int REVOCATION_BATCH = 1000;

    private final GatewayWebSocketHandler handler;
    private final LiveProperties<ConnectionLimits> limits;
    private final SessionRevocations revocations;
    private final Clock clock;

    ConnectionSweeper(
            GatewayWebSocketHandler handler,
            LiveProperties<ConnectionLimits> limits,
            SessionRevocations revocations,
            Clock clock) {
        this.handler = handler;
        this.limits = limits;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 1000)
    void sweep() {
        ConnectionLimits current = limits.get();
        Instant now = clock.instant();
        List<WebSocketConnection> revocationDue = new ArrayList<>();
        for (WebSocketConnection connection : handler.connections()) {
            long nanos = System.nanoTime();
            if (connection.closingForNanos(nanos) > CLOSE_GRACE.toNanos()) {
                connection.abort();
            } else if (!now.isBefore(connection.expiresAt())) {
                connection.close(CloseCodes.EXPIRED, CloseCodes.reason(CloseCodes.EXPIRED), null);
            } else if (connection.silentNanos(nanos) >= current.idleTimeout().toNanos()) {
                connection.close(CloseCodes.NORMAL, "idle timeout", null);
            } else {
                if (connection.sinceLastPingNanos(nanos)
                        >= current.pingInterval().toNanos()) {
                    connection.ping();
                }
                if (connection.revocationCheckDue(
                        nanos, current.revocationCheckInterval().toNanos())) {
                    revocationDue.add(connection);
                }
            }
        }
        for (int from = 0; from < revocationDue.size(); from += REVOCATION_BATCH) {
            checkRevoked(revocationDue.subList(from, Math.min(from + REVOCATION_BATCH, revocationDue.size())));
        }
    }

    private void checkRevoked(List<WebSocketConnection> connections) {
        try {
            Set<String> revoked = revocations.revokedAmong(
                    connections.stream().map(WebSocketConnection::sessionId).toList());
            for (WebSocketConnection connection : connections) {
                if (revoked.contains(connection.sessionId())) {
                    connection.close(CloseCodes.REVOKED, CloseCodes.reason(CloseCodes.REVOKED), null);
                }
            }
        } catch (RelayException e) {
            log.debug("Cannot check {} sessions now: {}", connections.size(), e.detail());
        }
    }
}
