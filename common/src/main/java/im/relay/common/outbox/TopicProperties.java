package im.relay.common.outbox;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The size of every topic of {@link Topics}, as each service declares it; read at startup. The same on every service
 * (set them in the configuration all services share): the first service to start creates a missing topic with them.
 */
@Validated
@ConfigurationProperties("relay.kafka")
public record TopicProperties(
        /**
         * Partitions of each topic: at least the number of message-gateway nodes, so that every node consumes. An
         * existing topic with fewer is given more (Kafka cannot take partitions away); mind that a key then maps to
         * another partition, so events already in the topic and new ones of the same key are read in parallel.
         */
        @DefaultValue("8") @Min(1) int topicPartitions,
        /** Replicas of each topic a service creates: 1 for one broker, 3 for a production cluster. */
        @DefaultValue("1") @Min(1) short topicReplicationFactor) {}
