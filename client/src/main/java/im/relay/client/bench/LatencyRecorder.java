package im.relay.client.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency, in microseconds: recorded from any thread without locks (HdrHistogram's {@link Recorder}), read out per
 * interval for the time series and summed into the run's total.
 */
final class LatencyRecorder {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);

    /** Percentiles in milliseconds; all 0 when nothing was recorded. */
    record Percentiles(long count, double p50, double p90, double p99, double p999, double max, double mean) {

        static Percentiles of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Percentiles(0, 0, 0, 0, 0, 0, 0);
            }
            return new Percentiles(
                    histogram.getTotalCount(),
                    ms(histogram.getValueAtPercentile(50)),
                    ms(histogram.getValueAtPercentile(90)),
                    ms(histogram.getValueAtPercentile(99)),
                    ms(histogram.getValueAtPercentile(99.9)),
                    ms(histogram.getMaxValue()),
                    Math.round(histogram.getMean()) / 1000.0);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /** A latency measured with {@link System#nanoTime()}; below a microsecond counts as one. */
    void record(long nanos) {
        recorder.recordValue(Math.max(1, nanos / 1000));
    }

    /** What was recorded since the last call, now also part of the total. */
    synchronized Histogram interval() {
        Histogram interval = recorder.getIntervalHistogram();
        total.add(interval);
        return interval;
    }

    /** Everything up to the last {@link #interval()}. */
    synchronized Percentiles total() {
        return Percentiles.of(total);
    }
}
