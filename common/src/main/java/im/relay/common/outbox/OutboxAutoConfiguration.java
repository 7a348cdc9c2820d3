package im.relay.common.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox, for services that say {@code relay.outbox.enabled: true} (and so have the table); never by accident
 * in a service that merely shares a classpath with one (the one-JVM launcher, cross-service tests).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@ConditionalOnClass({KafkaProducer.class, JdbcClient.class})
@ConditionalOnBean(JdbcClient.class)
@ConditionalOnBooleanProperty("relay.outbox.enabled")
public class OutboxAutoConfiguration {

    @Bean
    Outbox outbox(JdbcClient jdbc, OutboxRelay relay) {
        return new Outbox(jdbc, relay::wake);
    }

    /**
     * Rows committed but not yet in Kafka: near zero while Kafka keeps up; growing while it is down or slow. Counted
     * at each scrape (the table stays small while the relay keeps up).
     */
    @Bean
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    MeterBinder outboxBacklog(JdbcClient jdbc) {
        return registry -> Gauge.builder("relay.outbox.backlog", jdbc, OutboxAutoConfiguration::backlog)
                .description("Outbox rows waiting to be sent to Kafka")
                .register(registry);
    }

    private static double backlog(JdbcClient jdbc) {
        try {
            return jdbc.sql("SELECT count(*) FROM outbox").query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN; // the database is away: no figure rather than a wrong one
        }
    }

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            @Value("${spring.kafka.bootstrap-servers:127.0.0.1:9092}") String bootstrapServers,
            @Value("${relay.outbox.batch-size:500}") int batchSize,
            @Value("${relay.outbox.idle-pause:5s}") Duration idlePause,
            @Value("${spring.application.name:relay}") String application) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                application + "-outbox",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                20000);
        return new OutboxRelay(
                jdbc,
                transaction,
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                batchSize,
                idlePause);
    }
}
