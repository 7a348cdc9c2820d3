package im.relay.messagegateway.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The push consumer; read at startup (the broker address is {@code spring.kafka.bootstrap-servers}, the topics' sizes
 * {@code relay.kafka.*}).
 */
@Validated
@ConfigurationProperties("relay.message-gateway.consumer")
record ConsumerProperties(
        /** The one consumer group of all nodes for pushing events: each event is pushed by one node. */
        @DefaultValue("message-gateway") @NotBlank String groupId,
        /** Events per poll; a poll's batch is pushed (one Deliver per other node) before it is committed. */
        @DefaultValue("500") @Min(1) int maxPollRecords) {}
