package im.relay.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesIT {

    @Test
    void sharedEnginesServeRealPostgresRedisAndKafka() throws Exception {
        Engines engines = Engines.shared();
        assertPostgresWorks(engines.postgres());
        assertThat(RedisEngine.answersPing(engines.redis().port())).isTrue();

        String topic = "engines-it-" + UUID.randomUUID();
        Map<String, Object> producerConfig = Map.of(
                "bootstrap.servers", engines.kafka().bootstrapServers(), "acks", "all", "enable.idempotence", true);
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        Map<String, Object> consumerConfig = Map.of(
                "bootstrap.servers", engines.kafka().bootstrapServers(),
                "group.id", "engines-it",
                "auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            String received = null;
            for (int i = 0; i < 30 && received == null; i++) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1));
                if (!records.isEmpty()) {
                    received = records.iterator().next().value();
                }
            }
            assertThat(received).isEqualTo("hello");
        }
    }

    /** What a laptop without servers gets: proves the fallback even on a machine that has local servers. */
    @Test
    void embeddedEnginesWorkWithoutLocalServers() throws Exception {
        try (Engines embedded = new Engines(EngineMode.EMBEDDED)) {
            assertThat(embedded.postgres().embedded()).isTrue();
            assertPostgresWorks(embedded.postgres());
            RedisEngine redis = embedded.redis();
            assertThat(redis.embedded()).isTrue();
            assertThat(redis.port()).isNotEqualTo(6379);
            try (Socket socket = new Socket(redis.host(), redis.port())) {
                socket.getOutputStream().write("SET k v\r\nGET k\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = socket.getInputStream().readNBytes("+OK\r\n$1\r\nv\r\n".length());
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n$1\r\nv\r\n");
            }
        }
    }

    /**
     * A disk that filled up, a data directory removed under a running server: the persistent Redis used to refuse its
     * shutdown (it could not write the snapshot it took at every stop), and {@code relay up} never stopped.
     */
    @Test
    void aPersistentRedisStopsEvenWhenItCanNoLongerWriteItsDirectory(@TempDir Path data) throws Exception {
        int port = FreePorts.take();
        RedisEngine redis = RedisEngine.startPersistent(data.resolve("redis"), port, "secret");
        try (Socket socket = new Socket(redis.host(), port)) {
            socket.getOutputStream().write("AUTH secret\r\nSET k v\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = socket.getInputStream().readNBytes("+OK\r\n+OK\r\n".length());
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n+OK\r\n");
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }

        assertTimeoutPreemptively(Duration.ofMinutes(1), redis::close, "the stop hung");
        assertThat(RedisEngine.answersPing(port)).isFalse();
    }

    private static void assertPostgresWorks(PostgresEngine postgres) throws Exception {
        PostgresEngine.Database database = postgres.createDatabase("engines");
        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                ResultSet result = connection
                        .createStatement()
                        .executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(database.name());
            assertThat(result.getInt(2)).isGreaterThanOrEqualTo(150000);
        }
    }
}
