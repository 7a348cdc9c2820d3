package im.relay.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The sending modes: setup over REST (not measured), every session opened, then the steps, the summary, steps.csv and
 * chart.png. Progress goes to stderr, the table and summary to stdout.
 */
abstract class MessageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoadOptions.Target target;

    @Mixin
    LoadOptions.Rates rates;

    /** How many deliveries each message should make. */
    abstract int fanout();

    /** Registers the users and their relations; answers one session per user, every one a sender. */
    abstract List<Session> sessions(RestSetup setup, String prefix, RunState run) throws InterruptedException;

    abstract void validateMode();

    @Override
    public Integer call() throws IOException, InterruptedException {
        try {
            rates.validate();
            validateMode();
            target.headerMap();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = progress(spec);
        Path dir = outputDirectory(target);
        String prefix = "lt" + Long.toString(System.currentTimeMillis(), 36);
        RunState run = new RunState();
        try (Connector connector = new Connector(target.eventLoops)) {
            RestSetup setup = new RestSetup(target.server, target.headerMap(), target.setupConcurrency, progress);
            List<Session> sessions = sessions(setup, prefix, run);
            progress.accept("opening " + sessions.size() + " WebSockets to " + target.webSocketUri() + " ("
                    + connector.transport + ")");
            int open = connector.connectAll(target.webSocketUri(), sessions, target.connectConcurrency);
            if (open == 0) {
                progress.accept("no WebSocket opened: " + firstFailure(sessions));
                return BenchCommand.SETUP_FAILED;
            }
            if (open < sessions.size()) {
                progress.accept("warning: only " + open + " of " + sessions.size() + " WebSockets opened ("
                        + firstFailure(sessions) + "); sends on the others count as CLOSED errors");
            }
            MessageRun measured =
                    new MessageRun(sessions, fanout(), run, connector.loops(), rates.steps(), target.serverPid);
            progress.accept("sending: " + rates.rates().size() + " step(s) of " + rates.warmup.toMillis() / 1000.0
                    + " s warm-up + " + rates.duration.toMillis() / 1000.0 + " s measured, fan-out " + fanout());
            List<StepResult> steps = measured.run(rates.rates(), rates.ladder, out);
            StreamChecker.Counts total = measured.total();
            sessions.forEach(Session::close);

            Report.writeCsv(steps, dir.resolve("steps.csv"));
            run.timeline().write(dir.resolve("timeline.csv"));
            LoadChart.write(
                    steps,
                    "Relay bench " + spec.name() + ", " + sessions.size() + " sessions",
                    dir.resolve("chart.png"));
            Report.summary(out, steps, total, incidents(run.incidents(), setup.rateLimitedWaits(), dir));
            long acked = steps.stream()
                    .mapToLong(s -> Math.round(s.ackedPerS() * s.seconds()))
                    .sum();
            return total.total() > 0 || acked == 0 ? BenchCommand.CORRECTNESS_FAILED : 0;
        } catch (RestSetup.SetupException e) {
            progress.accept(e.getMessage());
            return BenchCommand.SETUP_FAILED;
        }
    }

    static Consumer<String> progress(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    static Path outputDirectory(LoadOptions.Target target) throws IOException {
        Path dir = target.out != null
                ? target.out
                : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return Files.createDirectories(dir); // before setup, which may take minutes, so a bad path fails at once
    }

    static String firstFailure(List<Session> sessions) {
        return sessions.stream()
                .filter(s -> s.connected.isCompletedExceptionally())
                .findFirst()
                .map(s -> s.connected.exceptionNow().toString())
                .orElse("none");
    }

    private static String incidents(Map<String, Long> incidents, int rateLimitedWaits, Path dir) {
        List<String> lines = new ArrayList<>();
        incidents.forEach((what, count) -> lines.add("incident: " + what + " ×" + count));
        if (rateLimitedWaits > 0) {
            lines.add("setup was rate-limited " + rateLimitedWaits
                    + " times (start the server with --config scripts/bench-config.yaml)");
        }
        lines.add("results: " + dir.resolve("steps.csv") + ", " + dir.resolve("chart.png") + ", "
                + dir.resolve("timeline.csv"));
        return String.join(System.lineSeparator(), lines);
    }

    @Command(
            name = "private",
            mixinStandardHelpOptions = true,
            description = "N users online in N/2 friend pairs; each user sends to its friend (fan-out 1).")
    static final class Private extends MessageCommand {
        @Option(
                names = "--users",
                paramLabel = "N",
                defaultValue = "1000",
                description = "Users, an even number (default ${DEFAULT-VALUE}).")
        int users;

        @Override
        int fanout() {
            return 1;
        }

        @Override
        void validateMode() {
            if (users < 2 || users % 2 != 0) {
                throw new IllegalArgumentException("--users must be an even number of at least 2");
            }
        }

        @Override
        List<Session> sessions(RestSetup setup, String prefix, RunState run) throws InterruptedException {
            List<Account> accounts = setup.register(users, prefix);
            setup.befriendPairs(accounts);
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                Account me = accounts.get(i);
                Account peer = accounts.get(i ^ 1);
                String a = me.userId(), b = peer.userId();
                String conversation = "p:" + (a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a);
                sessions.add(new Session(i, me, "PRIVATE", b, conversation, rates.contentSize, run));
            }
            return sessions;
        }
    }

    @Command(
            name = "group",
            mixinStandardHelpOptions = true,
            description = "One group of K members, every member sending to it (fan-out K-1).")
    static final class Group extends MessageCommand {
        @Option(
                names = "--members",
                paramLabel = "K",
                defaultValue = "200",
                description = "Members, owner included (default ${DEFAULT-VALUE}).")
        int members;

        @Override
        int fanout() {
            return members - 1;
        }

        @Override
        void validateMode() {
            if (members < 2) {
                throw new IllegalArgumentException("--members must be at least 2");
            }
        }

        @Override
        List<Session> sessions(RestSetup setup, String prefix, RunState run) throws InterruptedException {
            List<Account> accounts = setup.register(members, prefix);
            String groupId = setup.createGroup(accounts, prefix + " load group");
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                sessions.add(new Session(i, accounts.get(i), "GROUP", groupId, "g:" + groupId, rates.contentSize, run));
            }
            return sessions;
        }
    }
}
