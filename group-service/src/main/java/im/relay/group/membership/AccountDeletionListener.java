package im.relay.group.membership;

import im.relay.common.outbox.Topics;
import im.relay.userclient.UserEvents;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Deleted accounts (UserDeleted on {@code relay.users}) leave their groups; owned groups are handed over or
 * dismissed. One consumer group for all instances, read from the earliest record so that no deletion is missed; a
 * re-delivered event changes nothing.
 */
@Component
class AccountDeletionListener {

    private final GroupService groups;

    AccountDeletionListener(GroupService groups) {
        this.groups = groups;
    }

    @KafkaListener(
            topics = Topics.USERS,
            groupId = "${spring.application.name}-account-deletions",
            properties = "auto.offset.reset=earliest")
    void onEvent(byte[] payload) {
        UserEvents.deletedUser(payload).ifPresent(groups::removeDeletedUser);
    }
}
