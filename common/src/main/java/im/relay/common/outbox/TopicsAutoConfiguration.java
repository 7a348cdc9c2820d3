package im.relay.common.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares every topic of {@link Topics} in each service that names a broker ({@code spring.kafka.bootstrap-servers}),
 * whether it writes or reads them: Spring Boot's {@link KafkaAdmin} creates the missing ones while the context starts,
 * before any listener subscribes. So no service depends on another having started first, nor on the broker creating
 * topics by itself (with its own partition count) when a producer or consumer first names one.
 */
@AutoConfiguration
@ConditionalOnClass({NewTopic.class, KafkaAdmin.class})
@ConditionalOnProperty("spring.kafka.bootstrap-servers")
@EnableConfigurationProperties(TopicProperties.class)
public class TopicsAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics relayTopics(TopicProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(topic -> TopicBuilder.name(topic)
                        .partitions(properties.topicPartitions())
                        .replicas(properties.topicReplicationFactor())
                        .build())
                .toArray(NewTopic[]::new));
    }
}
