package im.relay.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import im.relay.engines.Engines;
import im.relay.engines.FreePorts;
import im.relay.engines.PostgresEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox on real PostgreSQL and Kafka: a committed row leaves at once, without waiting for the relay's next look. */
class OutboxRelayIT {

    private final String topic = "outbox-it-" + UUID.randomUUID();
    private JdbcClient jdbc;
    private TransactionTemplate transaction;
    private OutboxRelay relay;
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void start() {
        PostgresEngine.Database database = Engines.shared().postgres().createDatabase("outbox");
        var dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        jdbc = JdbcClient.create(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc.sql("""
                        CREATE TABLE outbox (id bigserial PRIMARY KEY, topic text NOT NULL, record_key text NOT NULL,
                                             payload bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
                        """).update();
        String kafka = Engines.shared().kafka().bootstrapServers();
        // the relay would only look again after an hour: only a commit's wake-up can send the row in this test
        relay = new OutboxRelay(
                jdbc,
                transaction,
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka, "acks", "all"),
                        new StringSerializer(),
                        new ByteArraySerializer()),
                500,
                Duration.ofHours(1));
        relay.start();
        consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers", kafka,
                        "group.id", topic,
                        "auto.offset.reset", "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    @AfterEach
    void stop() {
        relay.stop();
        consumer.close();
    }

    @Test
    void sendsRowsAsSoonAsTheirTransactionCommitsAndDeletesThem() {
        Outbox outbox = new Outbox(jdbc, relay::wake);
        List<String> received = new ArrayList<>();

        commit(outbox, "first");
        awaitReceived(received, 1);
        // the relay has sent "first" and is idle for an hour now: only the next commit can wake it
        commit(outbox, "second", "third");
        awaitReceived(received, 3);

        assertThat(received).containsExactly("first", "second", "third");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT count(*) FROM outbox")
                                .query(Long.class)
                                .single()
                        == 0);
    }

    @Test
    void stopsWithoutWaitingOutItsIdlePause() {
        Outbox outbox = new Outbox(jdbc, relay::wake);
        List<String> received = new ArrayList<>();
        commit(outbox, "first");
        awaitReceived(received, 1);
        // idle now, for an hour; a stop used to wait for it up to its 5-s bound, in each service, on every Ctrl-C
        long started = System.nanoTime();
        relay.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aCommitWhileTheRelayWaitsForKafkaIsSentWithoutWaitingForTheNextLook() {
        // the relay looks again only after an hour: each row must leave on its commit's wake-up, including one that
        // comes while the relay is parked on Kafka's acks for the row before (that park used to swallow the wake-up)
        Outbox outbox = new Outbox(jdbc, relay::wake);
        List<String> received = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            commit(outbox, "a" + round);
            pause(round % 4); // 0-3 ms: the second commit lands somewhere in the relay's send of the first
            commit(outbox, "b" + round);
            awaitReceived(received, 2 * (round + 1), Duration.ofSeconds(10));
        }
        assertThat(received).hasSize(80).doesNotHaveDuplicates();
    }

    @Test
    void takesABatchThroughThePrimaryKeyEvenWithAPlanMadeWhenTheTableWasSmall() {
        relay.stop(); // the rows below are for the planner only
        // the relay's statement is prepared once per connection, and PostgreSQL soon keeps one generic plan for it,
        // made with the statistics of the moment: an outbox is nearly empty most of the time
        jdbc.sql("ANALYZE outbox").update();
        jdbc.sql("INSERT INTO outbox (topic, record_key, payload) SELECT 't', 'k', '\\x00' FROM generate_series(1, 3)")
                .update();

        // such a plan reads the whole table, and a busy outbox holds a minute of dead rows, for every batch ...
        assertThat(genericPlanOfTakeBatch(false)).contains("Seq Scan");
        // ... unless the batch's transaction begins as the relay begins it
        assertThat(genericPlanOfTakeBatch(true))
                .contains("Index Scan using outbox_pkey")
                .doesNotContain("Seq Scan");
    }

    /** The generic plan of the relay's batch, in a transaction opened the relay's way or not. */
    private String genericPlanOfTakeBatch(boolean asTheRelayBegins) {
        return transaction.execute(status -> {
            if (asTheRelayBegins) {
                jdbc.sql(OutboxRelay.BEGIN_BATCH).param("lock", 1L).query().listOfRows();
            }
            jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
            jdbc.sql("PREPARE take_batch(int) AS " + OutboxRelay.TAKE_BATCH.replace(":limit", "$1"))
                    .update();
            try {
                return String.join(
                        "\n",
                        jdbc.sql("EXPLAIN EXECUTE take_batch(500)")
                                .query(String.class)
                                .list());
            } finally {
                jdbc.sql("DEALLOCATE take_batch").update();
            }
        });
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void commit(Outbox outbox, String... values) {
        transaction.executeWithoutResult(status -> outbox.addAll(
                topic,
                java.util.Arrays.stream(values)
                        .map(v -> new Outbox.Entry("k", v.getBytes(StandardCharsets.UTF_8)))
                        .toList()));
    }

    private void awaitReceived(List<String> received, int count) {
        awaitReceived(received, count, Duration.ofSeconds(30));
    }

    private void awaitReceived(List<String> received, int count, Duration atMost) {
        await().atMost(atMost).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                received.add(new String(record.value(), StandardCharsets.UTF_8));
            }
            return received.size() >= count;
        });
    }

    @Test
    void aRolledBackTransactionSendsNothing() {
        Outbox outbox = new Outbox(jdbc, relay::wake);

        transaction.executeWithoutResult(status -> {
            outbox.add(topic, "k", "never".getBytes(StandardCharsets.UTF_8));
            status.setRollbackOnly();
        });
        transaction.executeWithoutResult(status -> outbox.add(topic, "k", "after".getBytes(StandardCharsets.UTF_8)));

        List<String> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200))
                    .forEach(record -> received.add(new String(record.value(), StandardCharsets.UTF_8)));
            return !received.isEmpty();
        });
        assertThat(received).containsExactly("after");
    }

    @Test
    void rowsKafkaDidNotTakeStayInTheTable() {
        relay.stop(); // only the relay below looks at the rows until the end
        Outbox outbox = new Outbox(jdbc, () -> {});
        commit(outbox, "kept", "also kept");
        OutboxRelay unreachable = new OutboxRelay(
                jdbc,
                transaction,
                new KafkaProducer<>(
                        Map.of(
                                "bootstrap.servers", "127.0.0.1:" + FreePorts.take(),
                                "acks", "all",
                                "max.block.ms", 500,
                                "delivery.timeout.ms", 1000,
                                "request.timeout.ms", 500),
                        new StringSerializer(),
                        new ByteArraySerializer()),
                500,
                Duration.ofHours(1));
        try {
            assertThatThrownBy(unreachable::relayBatch).hasMessageContaining("Kafka did not take the batch");
        } finally {
            unreachable.stop();
        }

        // the DELETE that took them out was rolled back: a relay that reaches Kafka sends them, in order
        relay = new OutboxRelay(
                jdbc,
                transaction,
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", Engines.shared().kafka().bootstrapServers(), "acks", "all"),
                        new StringSerializer(),
                        new ByteArraySerializer()),
                500,
                Duration.ofHours(1));
        relay.start();
        List<String> received = new ArrayList<>();
        awaitReceived(received, 2);
        assertThat(received).containsExactly("kept", "also kept");
    }
}
