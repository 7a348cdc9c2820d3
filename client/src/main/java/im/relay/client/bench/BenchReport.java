package im.relay.client.bench;

import java.util.Locale;
import java.util.stream.Collectors;

/** The plain summary printed after a run. */
final class BenchReport {

    private BenchReport() {}

    static String plain(BenchResult result) {
        BenchResult.Options options = result.options();
        BenchResult.Counts counts = result.counts();
        StringBuilder out = new StringBuilder();
        line(out, "Relay bench against %s, %s to %s", result.server(), result.startedAt(), result.endedAt());
        String load = options.mode().equals("open")
                ? String.format(Locale.ROOT, "open loop at %.0f messages/s", options.rate())
                : String.format(
                        Locale.ROOT,
                        "closed loop, %d in flight per sender%s",
                        options.inFlight(),
                        options.userRateLimit() > 0
                                ? String.format(Locale.ROOT, ", at most %.0f sends/s per user", options.userRateLimit())
                                : "");
        line(
                out,
                "%s for %.0f s (after a %.0f s warmup); %d users, %d private conversations, %d groups of %d",
                load,
                options.durationSeconds(),
                options.warmupSeconds(),
                options.users(),
                options.privateConversations(),
                options.groups(),
                options.groupSize());
        BenchResult.Setup setup = result.setup();
        line(out, "setup took %.1f s", setup.seconds());
        if (setup.rateLimitedWaits() > 0) {
            line(
                    out,
                    "  slowed by the server's rate limits (registration: 5 per client address, then 1 per 10 s):"
                            + " %d waits, %.0f s",
                    setup.rateLimitedWaits(),
                    setup.rateLimitedSeconds());
        }
        out.append('\n');
        line(
                out,
                "messages    sent %d   acked %d   failed %d%s",
                counts.sent(),
                counts.acked(),
                counts.failed(),
                counts.failedByCode().isEmpty()
                        ? ""
                        : counts.failedByCode().entrySet().stream()
                                .map(entry -> entry.getKey() + " " + entry.getValue())
                                .collect(Collectors.joining(", ", " (", ")")));
        line(
                out,
                "throughput  %.1f sent/s   %.1f acked/s   %.1f delivered/s",
                counts.sentPerSecond(),
                counts.ackedPerSecond(),
                counts.deliveredPerSecond());
        line(out, "deliveries  %d of %d expected", counts.delivered(), counts.expectedDeliveries());
        if (options.mode().equals("open")) {
            line(
                    out,
                    "schedule    %d sends started late, at worst %.1f ms behind",
                    counts.lateSends(),
                    counts.maxScheduleLagMs());
        }
        out.append('\n');
        line(out, "latency (ms)        p50      p90      p99    p99.9      max    count");
        latency(out, "send→ack    ", result.latencyMs().sendToAck());
        latency(out, "send→deliver", result.latencyMs().sendToDeliver());
        out.append('\n');
        MessageTracker.Correctness correctness = result.correctness();
        line(
                out,
                "correctness %s: %d streams, gaps %d, duplicates %d%s, out of order %d, missing deliveries %d",
                correctness.passed() ? "PASSED" : "FAILED",
                correctness.streams(),
                correctness.gaps(),
                correctness.duplicates(),
                correctness.ownEchoes() == 0
                        ? ""
                        : " (" + correctness.ownEchoes()
                                + " of them the recipient's own sends, passed to its listener)",
                correctness.outOfOrder(),
                correctness.missing());
        if (correctness.missing() > 0) {
            line(
                    out,
                    "  missing: acked messages that had not reached every recipient %d s after the last send; when the"
                            + " latencies show a saturated server they may only be late (try a lower --rate)",
                    BenchCommand.GRACE.toSeconds());
        }
        BenchResult.Repairs repairs = result.repairs();
        line(
                out,
                "SDK repairs reconnects %d, duplicates dropped %d, gaps filled %d, resends %d; connections lost %d",
                repairs.reconnects(),
                repairs.duplicatesDropped(),
                repairs.gapsFilled(),
                repairs.resends(),
                repairs.connectionsLost());
        if (counts.acked() == 0) {
            line(out, "no message was acknowledged: the run measured nothing");
        }
        line(out, "results in %s (result.json, chart.png)", options.out());
        return out.toString();
    }

    private static void latency(StringBuilder out, String name, LatencyRecorder.Percentiles p) {
        line(
                out,
                "  %s %8.2f %8.2f %8.2f %8.2f %8.2f %8d",
                name,
                p.p50(),
                p.p90(),
                p.p99(),
                p.p999(),
                p.max(),
                p.count());
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
