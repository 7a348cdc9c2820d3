package im.relay.user.account;

import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.id.Ids;
import im.relay.common.outbox.Outbox;
import im.relay.common.outbox.Topics;
import im.relay.proto.events.v1.UserDeleted;
import im.relay.proto.events.v1.UserEvent;
import im.relay.proto.events.v1.UserRegistered;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Account changes, as UserEvents on {@code relay.users} (key = user id), written to the outbox in the change's
 * transaction: no account is created or deleted without its event. The other services act on deletions; the
 * registrations feed the {@code user.registered} webhook.
 */
@Component
class UserEventPublisher {

    private final Outbox outbox;

    UserEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    void registered(UserAccount user) {
        publish(
                user.id(),
                user.createdAt(),
                event -> event.setRegistered(
                        UserRegistered.newBuilder().setUsername(user.username()).setNickname(user.nickname())));
    }

    void deleted(UUID userId, Instant at) {
        publish(userId, at, event -> event.setDeleted(UserDeleted.getDefaultInstance()));
    }

    private void publish(UUID userId, Instant at, Consumer<UserEvent.Builder> content) {
        UserEvent.Builder event = UserEvent.newBuilder()
                .setEventId(Ids.newId())
                .setOccurredAt(timestamp(at))
                .setUserId(userId.toString());
        content.accept(event);
        outbox.add(Topics.USERS, userId.toString(), event.build().toByteArray());
    }
}
