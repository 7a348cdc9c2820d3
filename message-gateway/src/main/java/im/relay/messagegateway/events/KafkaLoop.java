package im.relay.messagegateway.events;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer on a thread of its own: polls, hands each batch to a handler in order and, when committing, commits
 * only after the handler returned. A batch whose handler failed (Redis away, ...) is read again after a pause, so
 * nothing is skipped; consumers drop repeats.
 */
final class KafkaLoop {

    private static final Logger log = LoggerFactory.getLogger(KafkaLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final boolean commit;
    private final Consumer<ConsumerRecords<String, byte[]>> handler;
    private volatile boolean running;
    private Thread thread;

    KafkaLoop(
            String name,
            Map<String, Object> config,
            List<String> topics,
            boolean commit,
            Consumer<ConsumerRecords<String, byte[]>> handler) {
        Map<String, Object> settings = new HashMap<>(config);
        settings.put("enable.auto.commit", false);
        this.name = name;
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.commit = commit;
        this.handler = handler;
    }

    KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Finishes the batch in hand (and commits it), then leaves the group. */
    synchronized void stop(Duration timeout) {
        if (thread == null) {
            return;
        }
        running = false;
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            consumer.wakeup();
        }
        thread = null;
    }

    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

    private void run() {
        try {
            consumer.subscribe(topics, new CommitOnAssign());
            long lastCommit = System.nanoTime();
            boolean uncommitted = false;
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (commit && uncommitted && System.nanoTime() - lastCommit >= COMMIT_INTERVAL.toNanos()) {
                    // At most one commit a second, not one per poll: at low rates every poll holds one event, and a
                    // commit per event cost the broker's group coordinator more than the event. Not waited for: a
                    // later commit, the one at a rebalance or the one at the stop covers one that failed; after a
                    // crash, up to a second of events is read again and dropped as repeats.
                    consumer.commitAsync();
                    lastCommit = System.nanoTime();
                    uncommitted = false;
                }
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    handler.accept(records);
                    uncommitted = true;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.warn(
                            "{}: a batch of {} events failed, reading it again: {}",
                            name,
                            records.count(),
                            e.toString());
                    rewind(records);
                    pause();
                }
            }
            commitPosition();
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("{} stopped", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Where this consumer stands, committed and waited for (at a stop or when partitions move away). */
    private void commitPosition() {
        if (!commit) {
            return;
        }
        try {
            consumer.commitSync();
        } catch (RuntimeException e) {
            log.warn("{}: cannot commit its position; the next owner reads some events again: {}", name, e.toString());
        }
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A partition new to the group starts at the end (auto.offset.reset=latest: old events are not pushed to
     * whoever is online now). That position is committed at once, so that if the partition moves to another node
     * before anything was committed, the events that arrived meanwhile are still read there.
     */
    private final class CommitOnAssign implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!commit || partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (committed.get(partition) == null) {
                    start.put(partition, new OffsetAndMetadata(consumer.position(partition)));
                }
            }
            if (!start.isEmpty()) {
                consumer.commitSync(start);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitPosition(); // the asynchronous commits may still be on their way
        }
    }
}
