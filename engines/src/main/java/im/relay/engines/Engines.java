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
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "relay-engines-shutdown"));
        }
        return shared;
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
