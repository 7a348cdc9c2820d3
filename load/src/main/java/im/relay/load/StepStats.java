package im.relay.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The live counts of one step, written by the event loops without locks (HdrHistogram's wait-free {@link Recorder},
 * {@link LongAdder}s). Every message names its step in its payload, so a late ack or delivery still lands in its own
 * step. Latencies are recorded only for measured sends (not the warm-up); throughput counts what arrived inside the
 * measured window, whatever step phase it was sent in, since that is what the system did in that window.
 */
final class StepStats {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    final int index;
    final double rate;
    private final long windowStart;
    private final long windowEnd;
    private final Timeline timeline;

    private final Recorder ackLatency = new Recorder(HIGHEST_MICROS, 3);
    private final Recorder deliverLatency = new Recorder(HIGHEST_MICROS, 3);
    private final Recorder lateness = new Recorder(HIGHEST_MICROS, 3);

    final LongAdder sent = new LongAdder();
    final LongAdder sentMeasured = new LongAdder();
    final LongAdder sentInWindow = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder ackedInWindow = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder deliveredMeasured = new LongAdder();
    final LongAdder deliveredInWindow = new LongAdder();
    final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** The measured window is {@code [windowStart, windowEnd)} in the run's nanos (see {@link Payload}). */
    StepStats(int index, double rate, long windowStart, long windowEnd, Timeline timeline) {
        this.index = index;
        this.timeline = timeline;
        this.rate = rate;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    private boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    /** A send went out at {@code now}; it was due at {@code scheduled}. */
    void sent(boolean measured, long scheduled, long now) {
        sent.increment();
        timeline.sent(index, scheduled);
        if (measured) {
            sentMeasured.increment();
            lateness.recordValue(micros(now - scheduled));
        }
        if (inWindow(now)) {
            sentInWindow.increment();
        }
    }

    void acked(boolean measured, long scheduled, long now) {
        acked.increment();
        long latency = micros(now - scheduled);
        timeline.acked(scheduled, latency);
        if (measured) {
            ackLatency.recordValue(latency);
        }
        if (inWindow(now)) {
            ackedInWindow.increment();
        }
    }

    void delivered(boolean measured, long scheduled, long now) {
        delivered.increment();
        long latency = micros(now - scheduled);
        timeline.delivered(scheduled, latency);
        if (measured) {
            deliveredMeasured.increment();
            deliverLatency.recordValue(latency);
        }
        if (inWindow(now)) {
            deliveredInWindow.increment();
        }
    }

    /** An error frame answered a send (RATE_LIMITED, SERVICE_UNAVAILABLE, …), or the send could not go out. */
    void failed(String code) {
        failed.increment();
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((code, count) -> copy.put(code, count.sum()));
        return copy;
    }

    /** Whether every send of the step was answered and every acked one delivered {@code fanout} times. */
    boolean settled(int fanout) {
        long answered = acked.sum() + failed.sum();
        return answered >= sent.sum() && delivered.sum() >= acked.sum() * fanout;
    }

    /** What was recorded so far; each call empties the recorders, so it is taken once, when the step is judged. */
    Histograms histograms() {
        return new Histograms(
                ackLatency.getIntervalHistogram(),
                deliverLatency.getIntervalHistogram(),
                lateness.getIntervalHistogram());
    }

    record Histograms(Histogram ack, Histogram deliver, Histogram lateness) {}

    private static long micros(long nanos) {
        return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000));
    }
}
