package im.relay.launcher;

import im.relay.engines.KafkaEngine;
import im.relay.engines.PostgresEngine;
import im.relay.engines.RedisEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, Redis and Kafka for the services: each embedded with its data under the data directory, unless the
 * options point at an external one. Stops the embedded ones (PostgreSQL included: no orphaned postmaster) on close.
 */
final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final List<AutoCloseable> embedded = new ArrayList<>();
    private String databaseServer;
    private String databaseUsername;
    private String databasePassword;
    private PostgresEngine postgres;
    private String redisUrl;
    private String kafkaBootstrapServers;

    static Infrastructure start(UpCommand options, Path data, DataSecrets secrets) {
        Infrastructure infrastructure = new Infrastructure();
        try {
            infrastructure.startDatabase(options, data, secrets);
            infrastructure.startRedis(options, data, secrets);
            infrastructure.startKafka(options, data);
            return infrastructure;
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    private void startDatabase(UpCommand options, Path data, DataSecrets secrets) {
        if (options.databaseUrl != null) {
            databaseServer = options.databaseUrl.replaceAll("/+$", "");
            databaseUsername = options.databaseUsername;
            databasePassword = options.databasePassword;
            log.info("PostgreSQL: {}", databaseServer);
            return;
        }
        postgres = PostgresEngine.startPersistent(
                data.resolve("postgres"), options.postgresPort, secrets.get("postgres.password"));
        embedded.add(postgres);
        databaseServer = "jdbc:postgresql://localhost:" + postgres.port();
        databaseUsername = postgres.username();
        databasePassword = postgres.password();
    }

    private void startRedis(UpCommand options, Path data, DataSecrets secrets) {
        if (options.redisUrl != null) {
            redisUrl = options.redisUrl;
            return;
        }
        RedisEngine redis =
                RedisEngine.startPersistent(data.resolve("redis"), options.redisPort, secrets.get("redis.password"));
        embedded.add(redis);
        redisUrl = redis.url();
    }

    private void startKafka(UpCommand options, Path data) {
        if (options.kafkaBootstrapServers != null) {
            kafkaBootstrapServers = options.kafkaBootstrapServers;
            return;
        }
        KafkaEngine kafka = KafkaEngine.start(data.resolve("kafka"), options.kafkaPort, false);
        embedded.add(kafka);
        kafkaBootstrapServers = kafka.bootstrapServers();
    }

    /** The JDBC URL of a service's database, created when missing. */
    String database(String name) {
        if (postgres != null) {
            return postgres.ensureDatabase(name);
        }
        try {
            PostgresEngine.ensureDatabase(databaseServer, databaseUsername, databasePassword, name);
        } catch (IllegalStateException e) {
            log.warn("{}; it must exist", e.getMessage());
        }
        return databaseServer + "/" + name;
    }

    String databaseUsername() {
        return databaseUsername;
    }

    String databasePassword() {
        return databasePassword;
    }

    String redisUrl() {
        return redisUrl;
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** In reverse order of starting: Kafka, Redis, PostgreSQL. */
    @Override
    public void close() {
        for (int i = embedded.size() - 1; i >= 0; i--) {
            try {
                embedded.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping an engine failed", e);
            }
        }
        embedded.clear();
    }
}
