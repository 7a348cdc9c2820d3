package im.relay.common.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Records written to Kafka as a service's outbox relay would, for tests of the services that consume them. */
public final class TestKafka {

    private TestKafka() {}

    /**
     * The values of every record of {@code topic} with {@code key}, from the earliest, read until {@code quiet}
     * passes without a new record: what was written, repeats included.
     */
    public static List<byte[]> readAll(String bootstrapServers, String topic, String key, Duration quiet) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                bootstrapServers,
                "group.id",
                "test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest");
        List<byte[]> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietUntil = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietUntil) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    quietUntil = System.nanoTime() + quiet.toNanos();
                    if (key.equals(record.key())) {
                        found.add(record.value());
                    }
                }
            }
        }
        return found;
    }

    /** Sends one record and waits until Kafka has it. */
    public static void send(String bootstrapServers, String topic, String key, byte[] value) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "acks", "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the record: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
