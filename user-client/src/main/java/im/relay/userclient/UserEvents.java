package im.relay.userclient;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.id.Ids;
import im.relay.proto.events.v1.UserDeleted;
import im.relay.proto.events.v1.UserEvent;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * user-service's events on {@code relay.users} (UserEvent), as the services that follow them read them. Each of
 * them listens with a consumer group of its own ({@code <service>-account-deletions}, from the earliest record) and
 * does its part idempotently.
 */
public final class UserEvents {

    private static final Logger log = LoggerFactory.getLogger(UserEvents.class);

    private UserEvents() {}

    /** The deleted user a record announces; empty for another kind of event or a malformed one (logged, skipped). */
    public static Optional<UUID> deletedUser(byte[] payload) {
        try {
            UserEvent event = UserEvent.parseFrom(payload);
            return event.getEventCase() == UserEvent.EventCase.DELETED
                    ? Optional.of(UUID.fromString(event.getUserId()))
                    : Optional.empty();
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            log.warn("Skipping a malformed user event: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** A UserDeleted record's value, as user-service writes it (for tests of the consumers). */
    public static byte[] deleted(String userId) {
        return UserEvent.newBuilder()
                .setEventId(Ids.newId())
                .setUserId(userId)
                .setDeleted(UserDeleted.getDefaultInstance())
                .build()
                .toByteArray();
    }
}
