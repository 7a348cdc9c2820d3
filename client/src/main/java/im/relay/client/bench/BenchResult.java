package im.relay.client.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run measured, as written to {@code result.json}: the options, the counts, the latency percentiles in ms, the
 * correctness checks, the SDK's repair counters and the per-second time series.
 */
record BenchResult(
        String server,
        String startedAt,
        String endedAt,
        Options options,
        Setup setup,
        Counts counts,
        Latency latencyMs,
        MessageTracker.Correctness correctness,
        boolean passed,
        Repairs repairs,
        List<Timeline.Second> timeline) {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * @param mode {@code closed} (in-flight per sender) or {@code open} (target rate)
     * @param rate the open loop's total target in messages/s (0 in the closed loop)
     * @param userRateLimit the closed loop's pace per user in sends/s (0: none)
     */
    record Options(
            int users,
            int privateConversations,
            int groups,
            int groupSize,
            String mode,
            double rate,
            int inFlight,
            double userRateLimit,
            double durationSeconds,
            double warmupSeconds,
            String out) {}

    /** How long setup took, and how much of it was spent waiting on the server's rate limits. */
    record Setup(double seconds, int rateLimitedWaits, double rateLimitedSeconds) {}

    /**
     * Measured messages only (sent after the warmup). {@code delivered} counts each recipient once, of acknowledged
     * messages; {@code expectedDeliveries} is acked × recipients. Rates are over the measured duration.
     */
    record Counts(
            long sent,
            long acked,
            long failed,
            Map<String, Long> failedByCode,
            long delivered,
            long expectedDeliveries,
            long lateSends,
            double maxScheduleLagMs,
            double sentPerSecond,
            double ackedPerSecond,
            double deliveredPerSecond) {}

    record Latency(LatencyRecorder.Percentiles sendToAck, LatencyRecorder.Percentiles sendToDeliver) {}

    /**
     * The SDK's counters summed over the connections, and the connections that ended on the server's word (kicked or
     * revoked).
     */
    record Repairs(long reconnects, long duplicatesDropped, long gapsFilled, long resends, long connectionsLost) {}

    String toJson() {
        return JSON.writeValueAsString(this);
    }

    void write(Path file) throws IOException {
        Files.writeString(file, toJson() + System.lineSeparator());
    }
}
