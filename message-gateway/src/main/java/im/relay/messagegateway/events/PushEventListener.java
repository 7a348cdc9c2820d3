package im.relay.messagegateway.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.outbox.Topics;
import im.relay.messagegateway.cluster.CloseCodes;
import im.relay.messagegateway.cluster.DeliveryService;
import im.relay.messagegateway.cluster.NodeIdentity;
import im.relay.messagegateway.cluster.Push;
import im.relay.messagegateway.cluster.SessionRef;
import im.relay.messagegateway.frame.Frames;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Pushes the message, friend, group and session events to the users they name. All nodes form ONE consumer group,
 * so each event is handled by one node, which pushes to its own sockets and forwards to the others. A poll's batch
 * is handled in order (one conversation stays in one partition, so its seq order holds) and committed only after
 * every node it was forwarded to answered: at-least-once, and clients drop repeats by messageId.
 */
@Component
@EnableConfigurationProperties(ConsumerProperties.class)
class PushEventListener {

    private static final Logger log = LoggerFactory.getLogger(PushEventListener.class);
    private static final List<String> TOPICS = List.of(Topics.MESSAGES, Topics.FRIENDS, Topics.GROUPS, Topics.SESSIONS);

    private final DeliveryService delivery;
    private final NodeIdentity node;
    private final ConsumerProperties properties;
    private final EventListenerContainers containers;
    private KafkaMessageListenerContainer<String, byte[]> container;

    PushEventListener(
            DeliveryService delivery,
            NodeIdentity node,
            ConsumerProperties properties,
            EventListenerContainers containers) {
        this.delivery = delivery;
        this.node = node;
        this.properties = properties;
        this.containers = containers;
    }

    /**
     * Once the node can be reached (its gRPC address is known, and names its consumer), not before. The topics exist
     * by then: Spring's KafkaAdmin created the missing ones while the context started (common's TopicsAutoConfiguration).
     */
    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        container = containers.sharing(
                "message-gateway-push",
                TOPICS,
                properties.groupId(),
                // Kafka's tools then show which node consumes which partitions
                "message-gateway-" + node.address(),
                properties.maxPollRecords(),
                this::handle);
        container.start();
    }

    /**
     * First thing on shutdown: finish and commit the batch in hand (waiting up to the container's shutdown timeout,
     * 10 s), then leave the group, so that another node carries on from there.
     */
    @EventListener(ContextClosedEvent.class)
    @Order(1)
    synchronized void stop() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    private void handle(List<ConsumerRecord<String, byte[]>> records) {
        List<Push> pushes = new ArrayList<>();
        List<SessionRef> revoked = new ArrayList<>();
        List<SessionRef> kicked = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                EventFrameMapper.Effects effects = EventFrameMapper.map(record);
                pushes.addAll(effects.pushes());
                revoked.addAll(effects.revoked());
                kicked.addAll(effects.kicked());
            } catch (InvalidProtocolBufferException e) {
                log.warn(
                        "Skipping a malformed event at {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }
        delivery.deliver(pushes);
        if (!revoked.isEmpty()) {
            delivery.closeSessions(revoked, CloseCodes.REVOKED, null);
        }
        if (!kicked.isEmpty()) {
            delivery.closeSessions(kicked, CloseCodes.KICKED, Frames.kicked());
        }
    }
}
