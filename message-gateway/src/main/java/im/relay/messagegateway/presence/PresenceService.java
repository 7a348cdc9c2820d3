package im.relay.messagegateway.presence;

import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.messagegateway.cluster.Connection;
import im.relay.messagegateway.cluster.DeliveryService;
import im.relay.messagegateway.cluster.Push;
import im.relay.messagegateway.frame.Frames;
import im.relay.messagegateway.relations.RelationService;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Presence frames: a user's presence audience (friends not blocked either way) hears when the user comes online
 * (first session) and goes offline (last session closed, on any node); a new session hears which friends are
 * online. Presence is a courtesy: when friend-service cannot answer, the socket works without it.
 */
@Service
public class PresenceService {

    private static final Logger log = LoggerFactory.getLogger(PresenceService.class);

    private final RelationService relations;
    private final PresenceDirectory directory;
    private final DeliveryService delivery;

    PresenceService(RelationService relations, PresenceDirectory directory, DeliveryService delivery) {
        this.relations = relations;
        this.directory = directory;
        this.delivery = delivery;
    }

    public void connected(Connection connection, boolean cameOnline) {
        try {
            Set<String> audience = relations.presenceAudience(connection.caller());
            if (cameOnline && !audience.isEmpty()) {
                delivery.deliver(List.of(Push.presence(audience, connection.userId(), true)));
            }
            directory.online(audience).forEach(friend -> connection.push(Frames.presence(friend, true)));
        } catch (RelayException e) {
            log.warn("No presence for user {}: friend-service answered {}", connection.userId(), e.code());
        } catch (DataAccessException e) {
            log.warn("No presence for user {}: {}", connection.userId(), e.getMessage());
        }
    }

    /** {@code caller} is the last session's: its token may be expired or revoked by now, so cached first. */
    public void wentOffline(Caller caller) {
        Optional<Set<String>> audience = relations.rememberedAudience(caller.userId());
        try {
            Set<String> told = audience.orElseGet(() -> relations.presenceAudience(caller));
            if (!told.isEmpty()) {
                delivery.deliver(List.of(Push.presence(told, caller.userId(), false)));
            }
        } catch (RelayException | DataAccessException e) {
            log.debug("Cannot tell user {}'s friends they went offline: {}", caller.userId(), e.getMessage());
        }
    }
}
