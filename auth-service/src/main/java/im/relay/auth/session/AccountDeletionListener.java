package im.relay.auth.session;

import im.relay.common.outbox.Topics;
import im.relay.userclient.UserEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A deleted account's sessions end, each as a logout would (tokens refused, refresh families spent, sockets closed
 * with 4002). user-service already ended them before committing the deletion; this catches a session that a login
 * racing the deletion opened in between. One consumer group for all instances, read from the earliest record so
 * that no deletion is missed; a repeat finds no live session and changes nothing.
 */
@Component
class AccountDeletionListener {

    private static final Logger log = LoggerFactory.getLogger(AccountDeletionListener.class);

    private final SessionService sessions;

    AccountDeletionListener(SessionService sessions) {
        this.sessions = sessions;
    }

    @KafkaListener(
            topics = Topics.USERS,
            groupId = "${spring.application.name}-account-deletions",
            properties = "auto.offset.reset=earliest")
    void onEvent(byte[] payload) {
        UserEvents.deletedUser(payload).ifPresent(user -> {
            int ended = sessions.endAll(user.toString(), null, "ACCOUNT_DELETED");
            log.info("Account {} deleted: {} session(s) ended", user, ended);
        });
    }
}
