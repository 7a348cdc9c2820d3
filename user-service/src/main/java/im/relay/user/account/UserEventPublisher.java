package im.relay.user.account;

import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.id.Ids;
import im.relay.common.outbox.Outbox;
import im.relay.common.outbox.Topics;
import im.relay.proto.events.v1.UserDeleted;
import im.relay.proto.events.v1.UserEvent;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Account changes the other services act on, as UserEvents on {@code relay.users} (key = user id), written to the
 * outbox in the change's transaction: a deletion is never committed without its event.
 */
@Component
class UserEventPublisher {

    private final Outbox outbox;

    UserEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    void deleted(UUID userId, Instant at) {
        UserEvent event = UserEvent.newBuilder()
                .setEventId(Ids.newId())
                .setOccurredAt(timestamp(at))
                .setUserId(userId.toString())
                .setDeleted(UserDeleted.getDefaultInstance())
                .build();
        outbox.add(Topics.USERS, userId.toString(), event.toByteArray());
    }
}
