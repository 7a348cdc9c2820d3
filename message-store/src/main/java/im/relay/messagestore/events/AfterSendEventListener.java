package im.relay.messagestore.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.config.LiveProperties;
import im.relay.common.grpc.Protos;
import im.relay.common.json.Timestamps;
import im.relay.common.outbox.Topics;
import im.relay.common.webhook.WebhookClient;
import im.relay.common.webhook.WebhookProperties;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.events.v1.MessageEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The after-send webhook ({@code relay.webhooks.after-send}, docs/webhooks.md): each stored message, as
 * {@code message.created}, to the operator's receiver, the integration point for offline push. One consumer group,
 * {@code relay-webhooks-messages}, shared by every instance of both message servers, so each event is posted once (at least
 * once: a retry or a rebalance may repeat it with the same id). Reads from the latest record: turning the hook on
 * does not replay the topic's history. A failing call is retried with back-off, then dropped, so one dead receiver
 * cannot hold the events behind it forever.
 */
public class AfterSendEventListener {

    static final String EVENT = "message.created";
    private static final Logger log = LoggerFactory.getLogger(AfterSendEventListener.class);

    /** What the receiver learns of a stored message; a group's member list stays out. */
    record Created(
            String messageId,
            String conversationId,
            String conversationType,
            String senderId,
            @Nullable String receiverId,
            @Nullable String groupId,
            long seq,
            String clientMsgId,
            String contentType,
            String content,
            String sentAt) {}

    private final LiveProperties<WebhookProperties> properties;
    private final WebhookClient client;

    public AfterSendEventListener(LiveProperties<WebhookProperties> properties, WebhookClient client) {
        this.properties = properties;
        this.client = client;
    }

    @KafkaListener(
            topics = Topics.MESSAGES,
            groupId = "relay-webhooks-messages",
            properties = "auto.offset.reset=latest")
    void onEvent(byte[] payload) {
        MessageEvent event;
        try {
            event = MessageEvent.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("Skipping a malformed message event: {}", e.getMessage());
            return;
        }
        WebhookProperties config = properties.get();
        if (event.getEventCase() != MessageEvent.EventCase.CREATED
                || !config.afterSend().enabled()) {
            return; // edits, reactions, recalls and cursors are no sends; a URL taken away by a refresh stops the calls
        }
        client.deliver(
                config.afterSend().url(),
                config.secret(),
                event.getEventId(),
                EVENT,
                created(event.getCreated()),
                config.afterSend().timeout(),
                config.retry());
    }

    private static Created created(Message message) {
        return new Created(
                message.getMessageId(),
                message.getConversationId(),
                message.getType().name().replace("CONVERSATION_TYPE_", ""),
                message.getSenderId(),
                message.getReceiverId().isEmpty() ? null : message.getReceiverId(),
                message.getGroupId().isEmpty() ? null : message.getGroupId(),
                message.getSeq(),
                message.getClientMsgId(),
                message.getContentType().name().replace("CONTENT_TYPE_", ""),
                message.getContent(),
                Timestamps.format(Protos.instant(message.getSentAt())));
    }
}
