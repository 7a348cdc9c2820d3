package im.relay.messagegateway.events;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.ContainerProperties.AssignmentCommitOption;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The node's consumers of the event topics, on Spring Kafka's listener container: one consumer on one thread each
 * (the container's own platform thread), a poll's records handed to the handler as one batch in order, starting at
 * the end of a partition new to the group ({@code auto.offset.reset=latest}: old events are not pushed to whoever is
 * online now). A batch whose handler threw (Redis away, ...) is handed again after a second, as often as it takes,
 * never skipped: handlers drop repeats. The containers are built and started by their listeners, not as beans, so
 * that each starts and stops when its listener says.
 */
@Component
class EventListenerContainers {

    /** How often the consumer thread looks for a stop or a due commit when no event comes. */
    private static final long POLL_TIMEOUT_MS = 200;

    private static final long COMMIT_INTERVAL_MS = 1000;
    private static final long RETRY_PAUSE_MS = 1000;

    private final ConsumerFactory<String, byte[]> consumers;
    private final TaskScheduler scheduler;

    EventListenerContainers(ConsumerFactory<String, byte[]> consumers, TaskScheduler scheduler) {
        this.consumers = consumers;
        this.scheduler = scheduler;
    }

    /**
     * A member of {@code groupId}, which shares the partitions among its members. It commits what its handler
     * returned from at most once a second, not once per poll: at low rates every poll holds one event, and a commit
     * per event cost the broker's group coordinator more than the event (docs/benchmarks/2026-12-07). After a crash
     * up to a second of events is read again. It also commits when partitions move away and when it stops, and, on
     * assignment, the start position of a partition the group has no commit for yet, so that if the partition moves
     * to another member before anything was committed, the events that arrived meanwhile are still read there.
     */
    KafkaMessageListenerContainer<String, byte[]> sharing(
            String name,
            List<String> topics,
            String groupId,
            String clientId,
            int maxPollRecords,
            BatchMessageListener<String, byte[]> handler) {
        ContainerProperties properties = properties(topics, groupId, handler);
        properties.setClientId(clientId);
        properties.getKafkaConsumerProperties().put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        properties.setAckMode(AckMode.TIME);
        properties.setAckTime(COMMIT_INTERVAL_MS);
        // commits the position of a partition with no committed offset, since auto.offset.reset is latest
        properties.setAssignmentCommitOption(AssignmentCommitOption.LATEST_ONLY);
        // how long a stop waits for the batch in hand to be handled and committed
        properties.setShutdownTimeout(10_000);
        return container(name, properties);
    }

    /**
     * In a consumer group of its own, so it reads every event of {@code topics}, from the end; it never commits
     * (nothing is acknowledged; nothing at assignment), since its group ends with the node.
     */
    KafkaMessageListenerContainer<String, byte[]> everything(
            String name, List<String> topics, BatchMessageListener<String, byte[]> handler) {
        ContainerProperties properties = properties(topics, name + "-" + UUID.randomUUID(), handler);
        properties.setAckMode(AckMode.MANUAL);
        properties.setAssignmentCommitOption(AssignmentCommitOption.NEVER);
        properties.setShutdownTimeout(5_000); // nothing to commit: a stop waits only for the group to be left
        return container(name, properties);
    }

    private ContainerProperties properties(
            List<String> topics, String groupId, BatchMessageListener<String, byte[]> handler) {
        ContainerProperties properties = new ContainerProperties(topics.toArray(String[]::new));
        properties.setGroupId(groupId);
        properties.setMessageListener(handler);
        properties.setPollTimeout(POLL_TIMEOUT_MS);
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.setKafkaConsumerProperties(consumer);
        // the container's health check runs on the node's scheduler rather than on a thread of its own
        properties.setScheduler(scheduler);
        return properties;
    }

    private KafkaMessageListenerContainer<String, byte[]> container(String name, ContainerProperties properties) {
        KafkaMessageListenerContainer<String, byte[]> container =
                new KafkaMessageListenerContainer<>(consumers, properties);
        container.setBeanName(name); // names the consumer thread: <name>-C-1
        container.setCommonErrorHandler(retryForever());
        return container;
    }

    /**
     * Hands a failed batch to the handler again, paused a second before each try, with no end and no recoverer: no
     * event is dropped for an exception of whatever kind. Meanwhile the consumer stays in its group (it keeps
     * polling, paused) and its partitions' commits stay behind the batch; a stop or a move of the partitions during
     * the retries leaves the batch to be read again.
     */
    private static DefaultErrorHandler retryForever() {
        DefaultErrorHandler handler =
                new DefaultErrorHandler(new FixedBackOff(RETRY_PAUSE_MS, FixedBackOff.UNLIMITED_ATTEMPTS));
        handler.setClassifications(Map.of(), true); // every exception is retried, none goes to a recoverer
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }
}
