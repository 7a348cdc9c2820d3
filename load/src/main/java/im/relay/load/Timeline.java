package im.relay.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The run in 100 ms slots of scheduled send time: how many sends were due, how many deliveries of them came, and the
 * worst send→ack and send→deliver latency of each slot. A step's percentiles say that it stalled, the timeline says
 * when (to the wall-clock time of a GC log, a checkpoint or a log roll) and for how long. Written to
 * {@code timeline.csv}; updated by the event loops without locks.
 */
final class Timeline {

    static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Two hours of run time; a send scheduled later is not in the timeline (still in its step's figures). */
    static final int SLOTS = 72_000;

    private final long originEpochMillis;
    private final AtomicIntegerArray step = new AtomicIntegerArray(SLOTS);
    private final AtomicIntegerArray sent = new AtomicIntegerArray(SLOTS);
    private final AtomicIntegerArray delivered = new AtomicIntegerArray(SLOTS);
    private final AtomicLongArray worstAckMicros = new AtomicLongArray(SLOTS);
    private final AtomicLongArray worstDeliverMicros = new AtomicLongArray(SLOTS);

    /** {@code originEpochMillis} is the wall-clock time of run time 0. */
    Timeline(long originEpochMillis) {
        this.originEpochMillis = originEpochMillis;
    }

    void sent(int stepIndex, long scheduled) {
        int slot = slot(scheduled);
        if (slot >= 0) {
            step.set(slot, stepIndex + 1);
            sent.incrementAndGet(slot);
        }
    }

    void acked(long scheduled, long micros) {
        int slot = slot(scheduled);
        if (slot >= 0) {
            worstAckMicros.accumulateAndGet(slot, micros, Math::max);
        }
    }

    void delivered(long scheduled, long micros) {
        int slot = slot(scheduled);
        if (slot >= 0) {
            delivered.incrementAndGet(slot);
            worstDeliverMicros.accumulateAndGet(slot, micros, Math::max);
        }
    }

    /** One line per slot in which a send was due. */
    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("time,run_s,step,sent,delivered,max_ack_ms,max_deliver_ms");
        for (int slot = 0; slot < SLOTS; slot++) {
            if (sent.get(slot) == 0) {
                continue;
            }
            long offsetMillis = slot * TimeUnit.NANOSECONDS.toMillis(SLOT_NANOS);
            lines.add(String.format(
                    Locale.ROOT,
                    "%s,%.1f,%d,%d,%d,%.1f,%.1f",
                    Instant.ofEpochMilli(originEpochMillis + offsetMillis),
                    offsetMillis / 1000.0,
                    step.get(slot) - 1,
                    sent.get(slot),
                    delivered.get(slot),
                    worstAckMicros.get(slot) / 1000.0,
                    worstDeliverMicros.get(slot) / 1000.0));
        }
        Files.write(file, lines);
    }

    private static int slot(long runNanos) {
        long slot = runNanos / SLOT_NANOS;
        return runNanos >= 0 && slot < SLOTS ? (int) slot : -1;
    }
}
