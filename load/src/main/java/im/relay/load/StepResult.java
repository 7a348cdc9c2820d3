package im.relay.load;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One step's figures, as the table, the CSV and the chart show them. Times in ms, CPU in seconds and cores. */
record StepResult(
        int step,
        double offeredPerS,
        int fanout,
        double seconds,
        double sentPerS,
        double ackedPerS,
        double deliveredPerS,
        Latency ack,
        Latency deliver,
        Latency lateness,
        double serverCpuSeconds,
        double ownCpuSeconds,
        double serverJitCpuSeconds,
        double machineBusySeconds,
        double machineStealSeconds,
        long messagesSent,
        Map<String, Long> errors,
        StreamChecker.Counts problems,
        double undeliveredShare,
        List<String> broken) {

    /** Own CPU at or above this many cores: the tool says it may be what limits the step. */
    static final double OWN_CORES_WARNING = 0.8;

    record Latency(double p50, double p90, double p99, double p999, double max, long count) {
        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Latency(
                    micros.getValueAtPercentile(50) / 1e3,
                    micros.getValueAtPercentile(90) / 1e3,
                    micros.getValueAtPercentile(99) / 1e3,
                    micros.getValueAtPercentile(99.9) / 1e3,
                    micros.getMaxValue() / 1e3,
                    micros.getTotalCount());
        }
    }

    double serverCores() {
        return serverCpuSeconds / seconds;
    }

    double ownCores() {
        return ownCpuSeconds / seconds;
    }

    /** The server's JIT compiler threads, part of {@link #serverCores()}. */
    double serverJitCores() {
        return serverJitCpuSeconds / seconds;
    }

    /** All of the machine's cores that were busy (server, tool, engines, anything else), not idle or stolen. */
    double machineBusyCores() {
        return machineBusySeconds / seconds;
    }

    /** The cores the hypervisor gave to others while this machine's wanted them (steal time). */
    double machineStealCores() {
        return machineStealSeconds / seconds;
    }

    /** The server's CPU per message sent in the window, in ms (NaN without --server-pid). */
    double serverCpuMsPerMessage() {
        return messagesSent == 0 ? Double.NaN : serverCpuSeconds * 1e3 / messagesSent;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean sustainable() {
        return broken.isEmpty();
    }

    /** Whether the tool itself may have been the limit: late sends, or its own CPU near a core. */
    boolean toolLimited() {
        return lateness.p99() > Sustainability.MAX_LATENESS_P99_MS || ownCores() >= OWN_CORES_WARNING;
    }

    Sustainability.Figures figures() {
        return figures(offeredPerS, fanout, sentPerS, deliveredPerS, deliver.p99(), undeliveredShare, lateness.p99());
    }

    static Sustainability.Figures figures(
            double offered, int fanout, double sent, double delivered, double p99, double undelivered, double late) {
        return new Sustainability.Figures(offered, fanout, sent, delivered, p99, undelivered, late);
    }
}
