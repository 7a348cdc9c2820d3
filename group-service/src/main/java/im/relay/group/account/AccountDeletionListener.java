package im.relay.group.account;

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

    private final AccountDeletionService deletions;

    AccountDeletionListener(AccountDeletionService deletions) {
        this.deletions = deletions;
    }

    @KafkaListener(
            topics = Topics.USERS,
            groupId = "${spring.application.name}-account-deletions",
            properties = "auto.offset.reset=earliest")
    void onEvent(byte[] payload) {
        UserEvents.deletedUser(payload).ifPresent(deletions::removeDeletedUser);
    }
}
