package im.relay.engines;

import java.time.Duration;

/**
 * The real engines behind Relay's tests: PostgreSQL and Redis (local servers when reachable, embedded otherwise,
 * see {@link EngineMode}) and an in-process Kafka broker. Each starts on first use; one set is shared by every test
 * of a JVM and stopped when the JVM exits.
 *
 * <pre>{@code
 * PostgresEngine.Database db = Engines.shared().postgres().createDatabase("friend");
 * String kafka = Engines.shared().kafka().bootstrapServers();
 * }</pre>
 */
public final class Engines implements AutoCloseable {

    private static Engines shared;

    private final EngineMode mode;
    private PostgresEngine postgres;
    private RedisEngine redis;
    private KafkaEngine kafka;

    public Engines(EngineMode mode) {
        this.mode = mode;
    }

    /** The JVM-wide engines, in the mode {@link EngineMode#fromEnvironment()} names. */
    public static synchronized Engines shared() {
        if (shared == null) {
            shared = new Engines(EngineMode.fromEnvironment());
            whenTheJvmExits(shared::close);
        }
        return shared;
    }

    /**
     * After Spring Boot's applications where there are any, not beside them: the JVM starts every shutdown hook at
     * once, and a broker stopped under the applications' closing Kafka clients held each test JVM 30 s on its exit
     * (they wait for a group coordinator that is gone) until Surefire killed it. A JVM without Spring has no such hook
     * to wait for.
     */
    private static void whenTheJvmExits(Runnable close) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            awaitSpringBootShutdown();
                            close.run();
                        },
                        "relay-engines-shutdown"));
    }

    private static void awaitSpringBootShutdown() {
        try {
            Thread.sleep(100); // the hooks are started one after the other: Spring Boot's may not be running yet
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("SpringApplicationShutdownHook")) {
                    thread.join(Duration.ofSeconds(60));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized PostgresEngine postgres() {
        if (postgres == null) {
            postgres = PostgresEngine.start(mode);
        }
        return postgres;
    }

    public synchronized RedisEngine redis() {
        if (redis == null) {
            redis = RedisEngine.start(mode);
        }
        return redis;
    }

    public synchronized KafkaEngine kafka() {
        if (kafka == null) {
            kafka = KafkaEngine.startTemporary();
        }
        return kafka;
    }

    @Override
    public synchronized void close() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
