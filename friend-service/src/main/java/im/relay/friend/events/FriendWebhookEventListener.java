package im.relay.friend.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.grpc.Protos;
import im.relay.common.json.Timestamps;
import im.relay.common.outbox.Topics;
import im.relay.common.webhook.EventWebhook;
import im.relay.common.webhook.EventWebhookConfiguration;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.FriendPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The {@code friend.*} webhook events (docs/webhooks.md): each change on {@code relay.friends}, posted once by one
 * instance (consumer group {@code relay-webhooks-friends}, from the latest record), only when
 * {@code relay.webhooks.events.url} is set at startup. A declined or withdrawn request publishes no event, so it is
 * not posted either.
 */
@Component
@ConditionalOnProperty(EventWebhookConfiguration.URL)
class FriendWebhookEventListener {

    private static final Logger log = LoggerFactory.getLogger(FriendWebhookEventListener.class);

    record Requested(String requestId, String fromUserId, String toUserId, String message, String occurredAt) {}

    /** {@code actorId} accepted, removed, blocked or unblocked {@code otherId}. */
    record Pair(String actorId, String otherId, String occurredAt) {}

    private final EventWebhook webhook;

    FriendWebhookEventListener(EventWebhook webhook) {
        this.webhook = webhook;
    }

    @KafkaListener(topics = Topics.FRIENDS, groupId = "relay-webhooks-friends", properties = "auto.offset.reset=latest")
    void onEvent(byte[] payload) {
        FriendEvent event;
        try {
            event = FriendEvent.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("Skipping a malformed friend event: {}", e.getMessage());
            return;
        }
        String at = Timestamps.format(Protos.instant(event.getOccurredAt()));
        switch (event.getEventCase()) {
            case REQUEST_SENT -> {
                var request = event.getRequestSent();
                post(
                        event,
                        "friend.requested",
                        new Requested(
                                request.getId(),
                                request.getFromUserId(),
                                request.getToUserId(),
                                request.getMessage(),
                                at));
            }
            case ACCEPTED -> post(event, "friend.accepted", pair(event.getAccepted(), at));
            case DELETED -> post(event, "friend.removed", pair(event.getDeleted(), at));
            case BLOCKED -> post(event, "friend.blocked", pair(event.getBlocked(), at));
            case UNBLOCKED -> post(event, "friend.unblocked", pair(event.getUnblocked(), at));
            case EVENT_NOT_SET -> log.debug("A friend event without content: {}", event.getEventId());
        }
    }

    private void post(FriendEvent event, String type, Object data) {
        webhook.post(event.getEventId(), type, data);
    }

    private static Pair pair(FriendPair pair, String at) {
        return new Pair(pair.getActorId(), pair.getOtherId(), at);
    }
}
