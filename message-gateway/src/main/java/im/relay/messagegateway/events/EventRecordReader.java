package im.relay.messagegateway.events;

import com.google.protobuf.InvalidProtocolBufferException;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.outbox.Topics;
import im.relay.messagegateway.cluster.ClusterProperties;
import im.relay.messagegateway.cluster.EventRecords;
import im.relay.messagegateway.cluster.Push;
import im.relay.messagegateway.cluster.Source;
import im.relay.messagegateway.observability.GatewayMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reads the event records that other nodes name in a Deliver, and maps them as the consuming node did
 * ({@link EventFrameMapper}). One consumer of its own, in no consumer group: assign() and seek() to the offsets
 * named, one Deliver at a time (a KafkaConsumer is not thread-safe, and one read serves a whole Deliver). Offsets
 * close together are read as one range, so a batch's records of one partition cost one fetch, and all partitions
 * are fetched together. Records of topics that make no pushes, of partitions that do not exist, or past the end of
 * the log are not there: the caller drops what they were named for.
 */
@Component
class EventRecordReader implements EventRecords, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventRecordReader.class);

    /** The topics whose events become pushes; session events close sockets, which a node asks by CloseSessions. */
    private static final Set<String> TOPICS = Set.of(Topics.MESSAGES, Topics.FRIENDS, Topics.GROUPS);

    /** Offsets at most this far apart are read through rather than sought one by one. */
    private static final long GAP = 64;

    /** One poll's wait, so that a partition found at its end stops the read instead of waiting out the deadline. */
    private static final Duration POLL = Duration.ofMillis(100);

    private record Range(long first, long last) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();
    private final int maxRecords;
    private final Duration timeout;
    private final GatewayMetrics metrics;

    EventRecordReader(
            ClusterProperties cluster,
            GatewayMetrics metrics,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        bootstrapServers,
                        "client.id",
                        "message-gateway-reader-" + UUID.randomUUID(),
                        "enable.auto.commit",
                        false,
                        // an offset before the log's start or past its end is not there: no jump to another record
                        "auto.offset.reset",
                        "none",
                        "fetch.max.wait.ms",
                        (int) POLL.toMillis()),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        this.maxRecords = cluster.maxDeliverRecords();
        // within the caller's deadline, so that it hears what was delivered
        this.timeout = cluster.callTimeout().dividedBy(2);
        this.metrics = metrics;
    }

    /** The topics' metadata before the first Deliver needs it (a cold read costs some hundred milliseconds). */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofVirtual().name("message-gateway-reader-warm-up").start(() -> {
            synchronized (this) {
                try {
                    TOPICS.forEach(topic -> partitionCount(topic, Integer.MAX_VALUE));
                } catch (KafkaException e) {
                    log.debug("No event topic metadata yet: {}", e.toString());
                }
            }
        });
    }

    @Override
    public synchronized Map<Source.Event, Push> pushes(Collection<Source.Event> sources) {
        if (sources.isEmpty()) {
            return Map.of();
        }
        if (sources.size() > maxRecords) {
            throw new RelayException(
                    ErrorCode.VALIDATION_FAILED,
                    "a Deliver may name at most " + maxRecords + " event records, not " + sources.size());
        }
        long started = System.nanoTime();
        Map<Source.Event, Push> pushes = new HashMap<>();
        try {
            read(wanted(sources)).forEach((source, record) -> {
                try {
                    EventFrameMapper.map(record).pushes().stream()
                            .findFirst()
                            .ifPresent(push -> pushes.put(source, push));
                } catch (InvalidProtocolBufferException e) {
                    log.debug("Record {} is no event: {}", source, e.getMessage());
                }
            });
        } finally {
            consumer.assign(List.of());
            metrics.eventsRead(Duration.ofNanos(System.nanoTime() - started));
        }
        return pushes;
    }

    /** The offsets to read by partition: only of the event topics, of partitions that exist. */
    private Map<TopicPartition, NavigableSet<Long>> wanted(Collection<Source.Event> sources) {
        Map<TopicPartition, NavigableSet<Long>> wanted = new HashMap<>();
        for (Source.Event source : sources) {
            if (TOPICS.contains(source.topic())
                    && source.offset() >= 0
                    && source.partition() >= 0
                    && source.partition() < partitionCount(source.topic(), source.partition())) {
                wanted.computeIfAbsent(new TopicPartition(source.topic(), source.partition()), p -> new TreeSet<>())
                        .add(source.offset());
            }
        }
        return wanted;
    }

    /** A topic's partitions as last seen; asked again when a partition past them is named (they only grow). */
    private int partitionCount(String topic, int partition) {
        Integer known = partitions.get(topic);
        if (known == null || partition >= known) {
            List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
            known = info == null ? 0 : info.size();
            partitions.put(topic, known);
        }
        return known;
    }

    private Map<Source.Event, ConsumerRecord<String, byte[]>> read(Map<TopicPartition, NavigableSet<Long>> wanted) {
        Map<Source.Event, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        Map<TopicPartition, Deque<Range>> todo = new HashMap<>();
        wanted.forEach((partition, offsets) -> todo.put(partition, ranges(offsets)));
        consumer.assign(todo.keySet());
        todo.forEach((partition, ranges) ->
                consumer.seek(partition, ranges.getFirst().first()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!todo.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("Reading the named event records took over {}; the rest is dropped", timeout);
                break;
            }
            try {
                for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(left < POLL.toNanos() ? Duration.ofNanos(left) : POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (wanted.get(partition).contains(record.offset())) {
                        found.put(new Source.Event(record.topic(), record.partition(), record.offset()), record);
                    }
                }
            } catch (OffsetOutOfRangeException e) {
                // named before the log's start (deleted) or past its end: the partition's other offsets are given up
                e.offsetOutOfRangePartitions().keySet().forEach(partition -> done(todo, partition));
                continue;
            } catch (KafkaException e) {
                log.warn("Cannot read the named event records: {}", e.toString());
                break;
            }
            for (TopicPartition partition : List.copyOf(todo.keySet())) {
                advance(todo, partition);
            }
        }
        return found;
    }

    /** Past a range: on to the next one (seeking over a gap), or done when none is left or the log ends here. */
    private void advance(Map<TopicPartition, Deque<Range>> todo, TopicPartition partition) {
        Deque<Range> ranges = todo.get(partition);
        long position = consumer.position(partition);
        while (!ranges.isEmpty() && position > ranges.getFirst().last()) {
            ranges.removeFirst();
        }
        if (ranges.isEmpty() || consumer.currentLag(partition).orElse(1) <= 0) {
            done(todo, partition);
        } else if (position < ranges.getFirst().first()) {
            consumer.seek(partition, ranges.getFirst().first());
        }
    }

    private void done(Map<TopicPartition, Deque<Range>> todo, TopicPartition partition) {
        todo.remove(partition);
        consumer.pause(List.of(partition));
    }

    private static Deque<Range> ranges(NavigableSet<Long> offsets) {
        Deque<Range> ranges = new ArrayDeque<>();
        long first = offsets.first();
        long last = first;
        for (long offset : offsets) {
            if (offset - last > GAP) {
                ranges.add(new Range(first, last));
                first = offset;
            }
            last = offset;
        }
        ranges.add(new Range(first, last));
        return ranges;
    }

    @Override
    public void destroy() {
        synchronized (this) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
