package im.relay.engines;

import java.util.Locale;

/** Where PostgreSQL and Redis come from. Kafka is always the in-process broker: no server runs here. */
public enum EngineMode {
    /** The local servers on 127.0.0.1 when they answer, embedded engines otherwise. */
    AUTO,
    /** Only the local servers; failing if they are absent. */
    LOCAL,
    /** Only embedded engines, even where local servers run (proves the laptop path). */
    EMBEDDED;

    /** From {@code RELAY_ENGINES} or the system property {@code relay.engines}; AUTO when neither is set. */
    public static EngineMode fromEnvironment() {
        String value = System.getProperty("relay.engines", System.getenv().getOrDefault("RELAY_ENGINES", "auto"));
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
