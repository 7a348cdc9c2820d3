package im.relay.messagegateway.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.outbox.Topics;
import im.relay.messagegateway.cluster.CloseCodes;
import im.relay.messagegateway.cluster.DeliveryService;
import im.relay.messagegateway.cluster.NodeIdentity;
import im.relay.messagegateway.cluster.Push;
import im.relay.messagegateway.cluster.SessionRef;
import im.relay.messagegateway.frame.Frames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
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

    private final DeliveryService delivery;
    private final NodeIdentity node;
    private final ConsumerProperties properties;
    private final MeterRegistry registry;
    private final String bootstrapServers;
    private KafkaLoop loop;
    private KafkaClientMetrics kafkaMetrics;

    PushEventListener(
            DeliveryService delivery,
            NodeIdentity node,
            ConsumerProperties properties,
            MeterRegistry registry,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.delivery = delivery;
        this.node = node;
        this.properties = properties;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
    }

    /** Once the node can be reached (its gRPC address is known, and names its consumer), not before. */
    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        createMissingTopics();
        loop = new KafkaLoop(
                "message-gateway-push",
                Map.of(
                        "bootstrap.servers",
                        bootstrapServers,
                        "group.id",
                        properties.groupId(),
                        // Kafka's tools then show which node consumes which partitions
                        "client.id",
                        "message-gateway-" + node.address(),
                        "auto.offset.reset",
                        "latest",
                        "max.poll.records",
                        properties.maxPollRecords()),
                TOPICS,
                true,
                this::handle);
        // consumer lag (kafka_consumer_fetch_manager_records_lag_max) and the client's other metrics
        kafkaMetrics = new KafkaClientMetrics(loop.consumer());
        kafkaMetrics.bindTo(registry);
        loop.start();
    }

    private static final List<String> TOPICS = List.of(Topics.MESSAGES, Topics.FRIENDS, Topics.GROUPS, Topics.SESSIONS);

    /**
     * A consumer subscribed to a topic that does not exist yet finds it only at its next metadata refresh, and then
     * starts at the end: whatever was published in between would never be pushed. So the topics exist first.
     */
    private void createMissingTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic ->
                            new NewTopic(topic, properties.topicPartitions(), properties.topicReplicationFactor()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info(
                        "Created the topics {}",
                        missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the event topics: " + e.getCause(), e);
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to create the event topics", e);
        }
    }

    /** First thing on shutdown: finish and commit the batch in hand, so that another node carries on from there. */
    @EventListener(ContextClosedEvent.class)
    @Order(1)
    synchronized void stop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(10));
            kafkaMetrics.close();
            loop = null;
        }
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
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
