package im.relay.engines;

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
     * After Spring Boot's applications where there are any, not beside them: JVM shutdown hooks run at once, and a
     * broker stopped under the applications' closing Kafka clients held each test JVM 30 s on its exit (the clients
     * wait for a group coordinator that is gone) until Surefire killed it.
     */
    private static void whenTheJvmExits(Runnable close) {
        if (isPresent("org.springframework.boot.SpringApplication")) {
            org.springframework.boot.SpringApplication.getShutdownHandlers().add(close);
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(close, "relay-engines-shutdown"));
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, Engines.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
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
