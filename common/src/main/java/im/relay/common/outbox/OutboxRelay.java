package im.relay.common.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends outbox rows to Kafka in id order and deletes them once Kafka has acknowledged them (acks=all, idempotent
 * producer). One instance of a service sends at a time (a transaction-scoped advisory lock), which keeps each key's
 * records in order. While Kafka is down the rows wait and are sent later: a committed change always gets its event.
 *
 * <p>A commit that wrote rows wakes the relay ({@link #wake()}), so an event leaves right after its commit; with
 * nothing committed the relay only looks every {@code idlePause}, for rows another instance left behind.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long LOCK = 0x6f7574626f78L; // "outbox"
    /** How soon to try again when another instance holds the lock while rows of ours wait. */
    private static final Duration BUSY_PAUSE = Duration.ofMillis(5);

    record Row(long id, String topic, String key, byte[] payload) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Producer<String, byte[]> producer;
    private final int batchSize;
    private final Duration idlePause;
    private volatile boolean running;
    /**
     * Set by {@link #wake()}: the unpark alone can be lost, since waiting for Kafka's acks parks this thread too and
     * takes the permit (an event then waited a whole idle pause, 5 s, in the 2026-12-07 ladders).
     */
    private volatile boolean woken;

    private Thread worker;

    public OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Producer<String, byte[]> producer,
            int batchSize,
            Duration idlePause) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.producer = producer;
        this.batchSize = batchSize;
        this.idlePause = idlePause;
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("relay-outbox").daemon(true).start(this::run);
    }

    /** Rows were committed: send them now (or right after the batch in hand). */
    public void wake() {
        woken = true;
        Thread thread = worker;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        Duration backoff = idlePause;
        while (running) {
            try {
                woken = false; // a commit from here on is either in this batch or wakes the next
                int sent = relayBatch();
                backoff = idlePause;
                if (sent == BUSY) {
                    LockSupport.parkNanos(BUSY_PAUSE.toNanos());
                } else if (sent < batchSize && !woken) {
                    LockSupport.parkNanos(idlePause.toNanos()); // until a commit wakes it, or the next look
                }
                if (Thread.interrupted()) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Outbox rows wait: {}", e.getMessage());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
                sleepQuietly(backoff);
            }
        }
    }

    /** {@link #relayBatch()}'s answer when another instance is sending. */
    static final int BUSY = -1;

    /**
     * Opens a batch's transaction in one statement: the lock that makes this instance the one sending, and two
     * settings for this transaction only. {@code enable_seqscan off}: PostgreSQL soon keeps one generic plan for a
     * statement the connection has prepared, made with the statistics of the moment, and an outbox is nearly empty most
     * of the time. Such a plan deletes the batch through a sequential scan of the whole table, with the dead rows a busy
     * outbox holds between two vacuums, for every batch: in a 2,500 msg/s run that was the relay's PostgreSQL backend,
     * 0.15 core, a quarter of PostgreSQL's CPU (docs/benchmarks, ninth session). {@code synchronous_commit off}: see
     * {@link #relayBatch()}.
     */
    static final String BEGIN_BATCH = """
            SELECT pg_try_advisory_xact_lock(:lock), set_config('enable_seqscan', 'off', true),
                   set_config('synchronous_commit', 'off', true)""";

    /**
     * The oldest rows, out of the table. {@code = ANY(ARRAY(...))} and not {@code IN (...)}: with IN, PostgreSQL may
     * join the ids against a sequential scan of the whole table, which a busy outbox fills with dead rows until vacuum
     * comes; that took the relay 3 s a batch in a ladder, and delivery stalled (docs/benchmarks/2026-12-07-same-machine).
     */
    static final String TAKE_BATCH = """
            DELETE FROM outbox WHERE id = ANY(ARRAY(SELECT id FROM outbox ORDER BY id LIMIT :limit))
            RETURNING id, topic, record_key, payload""";

    /**
     * Sends one batch; returns how many rows were sent, or {@link #BUSY} when another instance holds the lock.
     *
     * <p>One statement takes the rows out of the table ({@code DELETE ... RETURNING}); the transaction commits only
     * after Kafka acknowledged them, and rolls back (the rows stay) when it did not. The commit does not wait for its
     * WAL flush ({@code synchronous_commit off}): a crash in the next few hundred ms can bring rows back that Kafka
     * already has, and they are sent again, which an outbox does anyway (consumers drop repeats); it cannot lose one.
     * That spares the disk a second flush per batch of sends, next to the sends' own commits, which do wait.
     */
    int relayBatch() {
        Integer sent = transaction.execute(status -> {
            boolean locked = jdbc.sql(BEGIN_BATCH)
                    .param("lock", LOCK)
                    .query((rs, n) -> rs.getBoolean(1))
                    .single();
            if (!locked) {
                return BUSY;
            }
            List<Row> rows = new ArrayList<>(jdbc.sql(TAKE_BATCH)
                    .param("limit", batchSize)
                    .query((rs, n) -> new Row(
                            rs.getLong("id"),
                            rs.getString("topic"),
                            rs.getString("record_key"),
                            rs.getBytes("payload")))
                    .list());
            if (rows.isEmpty()) {
                return 0;
            }
            rows.sort(Comparator.comparingLong(Row::id)); // RETURNING keeps no order
            List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                acks.add(producer.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get();
                } catch (Exception e) {
                    throw new IllegalStateException("Kafka did not take the batch: " + e.getMessage(), e);
                }
            }
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            // out of its idle wait at once (it waited out the whole pause, 5 s per service, on every stop); the batch
            // in hand, if any, finishes (an interrupt would break its connection mid-transaction)
            LockSupport.unpark(worker);
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker.interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
