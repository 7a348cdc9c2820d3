package im.relay.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;

class TopicsAutoConfigurationTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TopicsAutoConfiguration.class));

    @Test
    void declaresEveryTopicWithTheSizeAllServicesShare() {
        context.withPropertyValues(
                        "spring.kafka.bootstrap-servers=127.0.0.1:9092",
                        "relay.kafka.topic-partitions=12",
                        "relay.kafka.topic-replication-factor=3")
                .run(context -> assertThat(declared(context))
                        .extracting(NewTopic::name, NewTopic::numPartitions, NewTopic::replicationFactor)
                        .containsExactlyElementsOf(Topics.ALL.stream()
                                .map(topic -> tuple(topic, 12, (short) 3))
                                .toList()));
    }

    @Test
    void declaresNothingInAServiceThatNamesNoBroker() {
        // gateway-service shares the classpath in the launcher and in tests; its KafkaAdmin would wait for a broker
        context.run(context -> assertThat(declared(context)).isEmpty());
    }

    /** What Spring's KafkaAdmin finds to create in {@code context}. */
    private static Collection<NewTopic> declared(ApplicationContext context) {
        Admin admin = new Admin();
        admin.setApplicationContext(context);
        return admin.newTopics();
    }

    private static final class Admin extends KafkaAdmin {

        Admin() {
            super(Map.of());
        }

        @Override
        protected Collection<NewTopic> newTopics() {
            return super.newTopics();
        }
    }
}
