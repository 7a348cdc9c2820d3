package im.relay.privatemessage.conversation;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.outbox.Topics;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.FriendPair;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Every instance reads every friend event (a consumer group of its own) to drop the cached answers of the pair. */
@Component
class FriendEventListener {

    private static final Logger log = LoggerFactory.getLogger(FriendEventListener.class);

    private final FriendClient friends;

    FriendEventListener(FriendClient friends) {
        this.friends = friends;
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
            case ACCEPTED -> forget(event.getAccepted());
            case DELETED -> forget(event.getDeleted());
            case BLOCKED -> forget(event.getBlocked());
            case UNBLOCKED -> forget(event.getUnblocked());
            case REQUEST_SENT, EVENT_NOT_SET -> {
                // changes nobody's right to message
            }
        }
    }

    private void forget(FriendPair pair) {
        friends.forget(UUID.fromString(pair.getActorId()), UUID.fromString(pair.getOtherId()));
    }
}
