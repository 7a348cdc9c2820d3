package im.relay.common.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes a Kafka record in the same database transaction as the change it reports, so that a change is never
 * committed without its event nor an event sent for a change that rolled back. {@link OutboxRelay} sends the rows.
 * The service's schema needs the {@code outbox} table (see {@code docs/outbox.md}).
 */
public final class Outbox {

    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must run inside the transaction of the change. */
    public void add(String topic, String key, byte[] payload) {
        jdbc.sql("INSERT INTO outbox (topic, record_key, payload) VALUES (:topic, :key, :payload)")
                .param("topic", topic)
                .param("key", key)
                .param("payload", payload)
                .update();
    }
}
