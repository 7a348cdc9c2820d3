package im.relay.engines;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the shared engines. Give each test context the same {@code purpose} so that Spring's
 * context cache shares one context (and one database) across a module's tests:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void engines(DynamicPropertyRegistry registry) {
 *     EngineProperties.register(registry, "friend");
 * }
 * }</pre>
 */
public final class EngineProperties {

    private static final Map<String, PostgresEngine.Database> DATABASES = new LinkedHashMap<>();

    private EngineProperties() {}

    /** Spring properties for PostgreSQL (a database per purpose, made once per JVM) and Redis. */
    public static synchronized Map<String, String> forPurpose(String purpose) {
        Engines engines = Engines.shared();
        PostgresEngine.Database database =
                DATABASES.computeIfAbsent(purpose, p -> engines.postgres().createDatabase(p));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("spring.data.redis.url", engines.redis().url());
        return properties;
    }

    /** PostgreSQL and Redis. */
    public static void register(DynamicPropertyRegistry registry, String purpose) {
        forPurpose(purpose).forEach((key, value) -> registry.add(key, () -> value));
    }

    /** PostgreSQL, Redis and the in-process Kafka broker (which takes a few seconds to start). */
    public static void registerWithKafka(DynamicPropertyRegistry registry, String purpose) {
        register(registry, purpose);
        String kafka = Engines.shared().kafka().bootstrapServers();
        registry.add("spring.kafka.bootstrap-servers", () -> kafka);
    }
}
