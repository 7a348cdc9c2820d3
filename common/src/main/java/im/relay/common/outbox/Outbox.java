package im.relay.common.outbox;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a Kafka record in the same database transaction as the change it reports, so that a change is never
 * committed without its event nor an event sent for a change that rolled back. {@link OutboxRelay} sends the rows.
 * The service's schema needs the {@code outbox} table (each service's first migrations create it, e.g. message-store's
 * {@code V1__messages.sql}; docs/architecture.md follows a message through it).
 */
public final class Outbox {

    private final JdbcClient jdbc;
    private final Runnable committed;

    /** {@code committed} runs after each transaction that added rows commits (it wakes the relay). */
    public Outbox(JdbcClient jdbc, Runnable committed) {
        this.jdbc = jdbc;
        this.committed = committed;
    }

    /** Must run inside the transaction of the change. */
    public void add(String topic, String key, byte[] payload) {
        jdbc.sql("INSERT INTO outbox (topic, record_key, payload) VALUES (:topic, :key, :payload)")
                .param("topic", topic)
                .param("key", key)
                .param("payload", payload)
                .update();
        afterCommit();
    }

    /** A record for {@link #addAll}. */
    public record Entry(String key, byte[] payload) {}

    /** Many records of one topic in one statement, in list order. Must run inside the transaction of the change. */
    public void addAll(String topic, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO outbox (topic, record_key, payload)
                        SELECT :topic, k, p FROM unnest(:keys, :payloads) WITH ORDINALITY AS t(k, p, n) ORDER BY n
                        """)
                .param("topic", topic)
                .param(
                        "keys",
                        new SqlArrayValue(
                                "text", entries.stream().map(Entry::key).toArray(String[]::new)))
                .param("payloads", entries.stream().map(Entry::payload).toArray(byte[][]::new))
                .update();
        afterCommit();
    }

    /** The relay sends the rows as soon as they are visible, instead of finding them at its next look. */
    private void afterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    committed.run();
                }
            });
        }
    }
}
