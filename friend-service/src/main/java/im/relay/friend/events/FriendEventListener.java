package im.relay.friend.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.outbox.Topics;
import im.relay.friend.friendship.MessagingPolicy;
import im.relay.proto.events.v1.FriendEvent;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Every instance reads every friend event (a consumer group of its own) to drop the cached messaging answers of
 * the pair, so that a change made through another instance applies here too.
 */
@Component
class FriendEventListener {

    private static final Logger log = LoggerFactory.getLogger(FriendEventListener.class);

    private final MessagingPolicy policy;

    FriendEventListener(MessagingPolicy policy) {
        this.policy = policy;
    }

    @KafkaListener(topics = Topics.FRIENDS, groupId = "${spring.application.name}-policy-${random.uuid}")
    void onEvent(byte[] payload) {
        FriendEvent event;
        try {
            event = FriendEvent.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("Skipping a malformed friend event: {}", e.getMessage());
            return;
        }
        switch (event.getEventCase()) {
            case REQUEST_SENT -> {
                // a request changes nobody's right to message
            }
            case ACCEPTED -> forget(event.getAccepted());
            case DELETED -> forget(event.getDeleted());
            case BLOCKED -> forget(event.getBlocked());
            case UNBLOCKED -> forget(event.getUnblocked());
            case EVENT_NOT_SET -> log.debug("A friend event without content: {}", event.getEventId());
        }
    }

    private void forget(im.relay.proto.events.v1.FriendPair pair) {
        policy.forget(UUID.fromString(pair.getActorId()), UUID.fromString(pair.getOtherId()));
    }
}
