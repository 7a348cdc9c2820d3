package im.relay.messagegateway.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The Kafka consumers; read at startup (the broker address is {@code spring.kafka.bootstrap-servers}). */
@Validated
@ConfigurationProperties("relay.message-gateway.consumer")
record ConsumerProperties(
        /** The one consumer group of all nodes for pushing events: each event is pushed by one node. */
        @DefaultValue("message-gateway") @NotBlank String groupId,
        /** Events per poll; a poll's batch is pushed (one Deliver per other node) before it is committed. */
        @DefaultValue("500") @Min(1) int maxPollRecords,
        /**
         * Partitions of the four event topics when this node has to create them (it does at startup, so that no
         * event published before the consumers first saw a topic is skipped); existing topics are left as they are.
         */
        @DefaultValue("8") @Min(1) int topicPartitions,
        /** Replication of the topics it creates: 1 for one broker, 3 for a production cluster. */
        @DefaultValue("1") @Min(1) short topicReplicationFactor) {}
