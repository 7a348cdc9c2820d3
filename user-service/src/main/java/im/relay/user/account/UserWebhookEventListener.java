package im.relay.user.account;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.grpc.Protos;
import im.relay.common.json.Timestamps;
import im.relay.common.outbox.Topics;
import im.relay.common.webhook.EventWebhook;
import im.relay.common.webhook.EventWebhookConfiguration;
import im.relay.proto.events.v1.UserEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The {@code user.*} webhook events (docs/webhooks.md): each registration and deletion on {@code relay.users}, posted
 * once by one instance (consumer group {@code relay-webhooks-users}, from the latest record), only when
 * {@code relay.webhooks.events.url} is set at startup. The email address stays out: it is private to its owner.
 */
@Component
@ConditionalOnProperty(EventWebhookConfiguration.URL)
class UserWebhookEventListener {

    private static final Logger log = LoggerFactory.getLogger(UserWebhookEventListener.class);

    record Registered(String userId, String username, String nickname, String createdAt) {}

    record Deleted(String userId, String deletedAt) {}

    private final EventWebhook webhook;

    UserWebhookEventListener(EventWebhook webhook) {
        this.webhook = webhook;
    }

    @KafkaListener(topics = Topics.USERS, groupId = "relay-webhooks-users", properties = "auto.offset.reset=latest")
    void onEvent(byte[] payload) {
        UserEvent event;
        try {
            event = UserEvent.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("Skipping a malformed user event: {}", e.getMessage());
            return;
        }
        String at = Timestamps.format(Protos.instant(event.getOccurredAt()));
        switch (event.getEventCase()) {
            case REGISTERED ->
                webhook.post(
                        event.getEventId(),
                        "user.registered",
                        new Registered(
                                event.getUserId(),
                                event.getRegistered().getUsername(),
                                event.getRegistered().getNickname(),
                                at));
            case DELETED -> webhook.post(event.getEventId(), "user.deleted", new Deleted(event.getUserId(), at));
            case EVENT_NOT_SET -> log.debug("A user event without content: {}", event.getEventId());
        }
    }
}
