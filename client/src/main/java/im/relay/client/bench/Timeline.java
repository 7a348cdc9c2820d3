package im.relay.client.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The measured part of a run, second by second: counts of sends, acks, deliveries and failures, and the two latencies
 * (whose totals are the run's figures). Recording is lock-free from any thread; a timer closes each second.
 */
final class Timeline implements AutoCloseable {

    /**
     * One second of the run ({@code second} n covers n−1 to n seconds after the measurement started; the last one may
     * be shorter). Percentiles in ms, {@code null} when nothing was recorded in that second.
     */
    record Second(
            int second,
            long sent,
            long acked,
            long delivered,
            long failed,
            Double ackP50Ms,
            Double ackP99Ms,
            Double deliverP50Ms,
            Double deliverP99Ms) {}

    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LatencyRecorder ack = new LatencyRecorder();
    private final LatencyRecorder deliver = new LatencyRecorder();
    private final List<Second> seconds = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bench-timeline").factory());
    private boolean finished;

    /** Starts closing a second every second from {@code startNanos} ({@link System#nanoTime()}) on. */
    void start(long startNanos) {
        long first = Math.max(0, startNanos + TimeUnit.SECONDS.toNanos(1) - System.nanoTime());
        timer.scheduleAtFixedRate(this::tick, first, TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
    }

    void sent() {
        sent.increment();
    }

    void acked(long latencyNanos) {
        ack.record(latencyNanos);
        acked.increment();
    }

    void delivered(long latencyNanos) {
        deliver.record(latencyNanos);
        delivered.increment();
    }

    void failed() {
        failed.increment();
    }

    /** Closes the last (partial) second and stops the timer; what is recorded after this is left out. */
    void finish() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            tick();
            finished = true;
        }
    }

    synchronized List<Second> seconds() {
        return List.copyOf(seconds);
    }

    /** Send→ack over the whole run (complete after {@link #finish()}). */
    LatencyRecorder.Percentiles ackLatency() {
        return ack.total();
    }

    /** Send→deliver over the whole run (complete after {@link #finish()}). */
    LatencyRecorder.Percentiles deliverLatency() {
        return deliver.total();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private synchronized void tick() {
        if (finished) {
            return;
        }
        Histogram acks = ack.interval();
        Histogram deliveries = deliver.interval();
        seconds.add(new Second(
                seconds.size() + 1,
                sent.sumThenReset(),
                acked.sumThenReset(),
                delivered.sumThenReset(),
                failed.sumThenReset(),
                percentile(acks, 50),
                percentile(acks, 99),
                percentile(deliveries, 50),
                percentile(deliveries, 99)));
    }

    private static Double percentile(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? null : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
