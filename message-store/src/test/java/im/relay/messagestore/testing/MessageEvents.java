package im.relay.messagestore.testing;

import im.relay.common.outbox.Topics;
import im.relay.engines.Engines;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.events.v1.MessageEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The message events on the shared test broker, read from the beginning of relay.messages. */
public final class MessageEvents {

    private MessageEvents() {}

    /** Every event of a conversation so far, in order (one conversation stays in one partition). */
    public static List<MessageEvent> of(String conversationId) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", Engines.shared().kafka().bootstrapServers(),
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName());
        List<MessageEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MESSAGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (conversationId.equals(record.key())) {
                        try {
                            events.add(MessageEvent.parseFrom(record.value()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
            }
        }
        return events;
    }

    /** The messages created in a conversation so far, in event order. */
    public static List<Message> created(String conversationId) {
        return of(conversationId).stream()
                .filter(MessageEvent::hasCreated)
                .map(MessageEvent::getCreated)
                .toList();
    }
}
