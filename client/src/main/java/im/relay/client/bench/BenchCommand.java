package im.relay.client.bench;

import im.relay.client.ChatConnection;
import im.relay.client.cli.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code relay bench}: registers fresh users, befriends pairs of them, creates groups, connects everyone and sends for
 * a while; then reports throughput, latency percentiles and whether every recipient saw every message once and in
 * order. Writes {@code result.json} and {@code chart.png}. Progress goes to stderr, the summary (or JSON) to stdout.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Load generator: sends messages between fresh users and reports throughput, latency and"
                + " delivery correctness.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed and every correctness check passed",
            "1:a correctness check failed (gaps, duplicates, order, missing deliveries) or nothing was acknowledged",
            "2:usage error",
            "3:the server could not be reached, or setup failed"
        })
public final class BenchCommand implements Callable<Integer> {

    static final int CORRECTNESS_FAILED = 1;
    static final int SETUP_FAILED = 3;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration GRACE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = "${env:RELAY_SERVER:-http://localhost:8080}",
            description = "The API gateway (default ${DEFAULT-VALUE}; $RELAY_SERVER when set).")
    String server;

    @Option(names = "--users", paramLabel = "N", defaultValue = "20", description = "Users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--private",
            paramLabel = "M",
            defaultValue = "10",
            description = "Private conversations, each a pair of friends (default ${DEFAULT-VALUE}).")
    int privateConversations;

    @Option(
            names = "--groups",
            paramLabel = "G",
            defaultValue = "2",
            description = "Group conversations (default ${DEFAULT-VALUE}).")
    int groups;

    @Option(
            names = "--group-size",
            paramLabel = "K",
            defaultValue = "5",
            description = "Members per group, owner included (default ${DEFAULT-VALUE}).")
    int groupSize;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "Open loop: R messages/s in total, spread evenly over the senders. 0: closed loop.")
    double rate;

    @Option(
            names = "--in-flight",
            paramLabel = "F",
            defaultValue = "1",
            description = "Closed loop: outstanding sends per sender (default ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(
            names = "--user-rate-limit",
            paramLabel = "PER_S",
            defaultValue = "20",
            description = "Closed loop: at most this many sends/s per user, the server's default per-connection limit"
                    + " (default ${DEFAULT-VALUE}; 0: unpaced).")
    double userRateLimit;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long to send after the warmup, e.g. 30s, 2m (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Sending before the measurement, left out of the figures (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where result.json and chart.png go (default bench-results/<timestamp>).")
    Path out;

    @Option(names = "--json", description = "Print the result JSON on stdout instead of the summary.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        WorkloadPlan plan = validated();
        URI serverUri = URI.create(server.replaceAll("/+$", ""));
        Path outDir = out != null
                ? out
                : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(outDir); // before setup, which may take minutes, so a bad path fails at once
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println(line);
            err.flush();
        };
        warnAboutOpenLoopRate(plan, progress);

        Instant startedAt = Instant.now();
        long setupStart = System.nanoTime();
        String prefix = "bench" + Long.toString(System.currentTimeMillis(), 36);
        BenchWorkload workload;
        try {
            workload = BenchWorkload.create(serverUri, plan, prefix, progress);
        } catch (BenchWorkload.SetupException e) {
            err.println(e.getMessage());
            return SETUP_FAILED;
        }
        Timeline timeline = new Timeline();
        MessageTracker tracker = new MessageTracker(timeline);
        LoadDriver driver = new LoadDriver(workload.conversations(), tracker);
        ChatConnection.Stats stats;
        double setupSeconds;
        try (workload;
                timeline) {
            try {
                workload.connect(tracker::listener, CONNECT_TIMEOUT);
            } catch (BenchWorkload.SetupException e) {
                err.println(e.getMessage());
                return SETUP_FAILED;
            }
            setupSeconds = (System.nanoTime() - setupStart) / 1e9;
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long end = measureFrom + duration.toNanos();
            tracker.measureFrom(measureFrom);
            timeline.start(measureFrom);
            progress.accept("sending for " + seconds(warmup.plus(duration)) + " s"
                    + (warmup.isZero() ? "" : " (the first " + seconds(warmup) + " s are warmup)"));
            if (rate > 0) {
                driver.openLoop(rate, start, end);
            } else {
                driver.closedLoop(inFlight, userRateLimit, start, end);
            }
            progress.accept("waiting up to " + GRACE.toSeconds() + " s for the last acks and deliveries");
            drain(tracker);
            timeline.finish();
            stats = workload.stats();
        }
        // closing failed what was still unacknowledged (CLOSED), so the counts are final only now
        BenchResult result = result(plan, workload, tracker, driver, timeline, stats, setupSeconds, outDir, startedAt);
        result.write(outDir.resolve("result.json"));
        BenchChart.write(result.timeline(), "Relay bench, " + result.startedAt(), outDir.resolve("chart.png"));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(json ? result.toJson() + System.lineSeparator() : BenchReport.plain(result));
        stdout.flush();
        return result.passed() ? 0 : CORRECTNESS_FAILED;
    }

    private WorkloadPlan validated() {
        if (duration.isNegative() || duration.isZero()) {
            throw usage("--duration must be positive");
        }
        if (warmup.isNegative()) {
            throw usage("--warmup must not be negative");
        }
        if (rate < 0 || inFlight < 1 || userRateLimit < 0) {
            throw usage("--rate and --user-rate-limit must not be negative, --in-flight must be at least 1");
        }
        if (!server.matches("(?i)https?://.+") || !validUri(server)) {
            throw usage("--server must be an http(s) URL, e.g. http://localhost:8080");
        }
        try {
            return WorkloadPlan.of(users, privateConversations, groups, groupSize);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void warnAboutOpenLoopRate(WorkloadPlan plan, Consumer<String> progress) {
        double busiest = rate * plan.busiestUserShare();
        if (rate > 0 && userRateLimit > 0 && busiest > userRateLimit) {
            progress.accept(String.format(
                    Locale.ROOT,
                    "warning: a user would send about %.0f messages/s, above the server's default limit of %.0f per"
                            + " connection; refused sends are retried a second later",
                    busiest,
                    userRateLimit));
        }
    }

    /** Waits until every send has completed and every acked message has reached its recipients, or the grace ends. */
    private static void drain(MessageTracker tracker) throws InterruptedException {
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (System.nanoTime() < deadline && (tracker.pending() > 0 || tracker.missing() > 0)) {
            Thread.sleep(100);
        }
    }

    private BenchResult result(
            WorkloadPlan plan,
            BenchWorkload workload,
            MessageTracker tracker,
            LoadDriver driver,
            Timeline timeline,
            ChatConnection.Stats stats,
            double setupSeconds,
            Path outDir,
            Instant startedAt) {
        double measured = duration.toMillis() / 1000.0;
        Map<String, Long> failures = tracker.failures();
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        long delivered = tracker.delivered();
        BenchResult.Counts counts = new BenchResult.Counts(
                tracker.sent(),
                tracker.acked(),
                failed,
                failures,
                delivered,
                tracker.expectedDeliveries(),
                driver.lateSends(),
                driver.maxLagNanos() / 1e6,
                tracker.sent() / measured,
                tracker.acked() / measured,
                delivered / measured);
        MessageTracker.Correctness correctness = tracker.correctness();
        return new BenchResult(
                server,
                startedAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                new BenchResult.Options(
                        plan.users(),
                        plan.pairs().size(),
                        plan.groups().size(),
                        plan.groups().isEmpty() ? 0 : groupSize,
                        rate > 0 ? "open" : "closed",
                        rate,
                        inFlight,
                        rate > 0 ? 0 : userRateLimit,
                        measured,
                        warmup.toMillis() / 1000.0,
                        outDir.toString()),
                new BenchResult.Setup(
                        setupSeconds,
                        workload.rateLimitedWaits(),
                        workload.rateLimitedTime().toMillis() / 1000.0),
                counts,
                new BenchResult.Latency(timeline.ackLatency(), timeline.deliverLatency()),
                correctness,
                correctness.passed() && counts.acked() > 0,
                new BenchResult.Repairs(
                        stats.reconnects(),
                        stats.duplicatesDropped(),
                        stats.gapsFilled(),
                        stats.resends(),
                        tracker.connectionsLost()),
                timeline.seconds());
    }

    private static boolean validUri(String text) {
        try {
            return URI.create(text).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.0f", duration.toMillis() / 1000.0);
    }
}
