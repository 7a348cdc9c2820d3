package im.relay.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench idle}: opens N sessions and holds them, sending nothing. Reports the connects per second achieved, the
 * CPU the server and this tool spent on them and, with {@code --server-pid}, the server's memory per session: for a
 * JVM, its live heap after a full collection plus its resident memory outside the heap's addresses
 * ({@link HeapProbe}), with the sessions open and settled, minus the same once they have closed, over the sessions
 * open; the bare VmRSS difference across the connects is reported beside it. The server's idle CPU over the hold is
 * reported too.
 */
@Command(
        name = "idle",
        mixinStandardHelpOptions = true,
        description = "Open N sessions and hold them: connects/s, server memory per session, server CPU at rest.")
final class IdleCommand implements Callable<Integer> {

    private static final Duration SETTLE = Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Mixin
    LoadOptions.Target target;

    @Option(
            names = "--users",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Sessions (default ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--hold",
            paramLabel = "TIME",
            defaultValue = "10s",
            converter = Durations.class,
            description = "How long to hold the sessions open (default ${DEFAULT-VALUE}).")
    Duration hold;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (users < 1 || hold.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--users must be positive and --hold not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = MessageCommand.progress(spec);
        Path dir = MessageCommand.outputDirectory(target);
        RunState run = new RunState();
        try (Connector connector = new Connector(target.eventLoops)) {
            RestSetup setup = new RestSetup(target.server, target.headerMap(), target.setupConcurrency, progress);
            List<Account> accounts = setup.register(users, "li" + Long.toString(System.currentTimeMillis(), 36));
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                sessions.add(new Session(i, accounts.get(i), "PRIVATE", "-", "-", 0, run));
            }
            long rssBefore = rss();
            progress.accept(
                    "opening " + users + " WebSockets to " + target.webSocketUri() + " (" + connector.transport + ")");
            double serverCpu0 = serverCpu();
            double ownCpu0 = ProcStats.cpuSeconds("self");
            long start = System.nanoTime();
            int open = connector.connectAll(target.webSocketUri(), sessions, target.connectConcurrency);
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            double serverConnectCpu = serverCpu() - serverCpu0;
            double ownConnectCpu = ProcStats.cpuSeconds("self") - ownCpu0;
            Thread.sleep(SETTLE);
            long rssAfter = rss();
            Optional<HeapProbe.Heap> heapWith = heap();
            progress.accept("holding " + open + " sessions for " + hold.toSeconds() + " s");
            double cpu0 = serverCpu();
            Thread.sleep(hold);
            double idleCores = (serverCpu() - cpu0) / Math.max(1e-9, hold.toNanos() / 1e9);
            long lost = run.incidents().entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("message"))
                    .mapToLong(java.util.Map.Entry::getValue)
                    .sum();
            sessions.forEach(Session::close);
            Thread.sleep(SETTLE.multipliedBy(2));
            // the baseline is taken once the sessions have gone: a full collection before the connects would have
            // shrunk the heap and charged its regrowth to the connects' CPU
            Optional<HeapProbe.Heap> heapWithout = heap();

            double perSessionKib = rssBefore > 0 && open > 0 ? (rssAfter - rssBefore) / (double) open : Double.NaN;
            double liveHeapKib = Double.NaN;
            double outsideHeapKib = Double.NaN;
            if (heapWithout.isPresent() && heapWith.isPresent() && open > 0) {
                HeapProbe.Heap without = heapWithout.get();
                HeapProbe.Heap with = heapWith.get();
                liveHeapKib = (with.liveKib() - without.liveKib()) / (double) open;
                if (without.outsideHeapResidentKib() >= 0 && with.outsideHeapResidentKib() >= 0) {
                    outsideHeapKib = (with.outsideHeapResidentKib() - without.outsideHeapResidentKib()) / (double) open;
                }
            }
            String header = "sessions,opened,failed,connect_seconds,connects_per_s,server_connect_cpu_s,"
                    + "load_connect_cpu_s,server_rss_before_kib,server_rss_after_kib,server_rss_per_session_kib,"
                    + "server_live_heap_with_kib,server_live_heap_without_kib,server_live_heap_per_session_kib,"
                    + "server_outside_heap_per_session_kib,server_memory_per_session_kib,server_idle_cores,"
                    + "lost_during_hold";
            String row = String.format(
                    Locale.ROOT,
                    "%d,%d,%d,%.3f,%.1f,%.2f,%.2f,%d,%d,%.2f,%d,%d,%.2f,%.2f,%.2f,%.4f,%d",
                    users,
                    open,
                    users - open,
                    connectSeconds,
                    open / connectSeconds,
                    serverConnectCpu,
                    ownConnectCpu,
                    rssBefore,
                    rssAfter,
                    perSessionKib,
                    heapWith.map(HeapProbe.Heap::liveKib).orElse(-1L),
                    heapWithout.map(HeapProbe.Heap::liveKib).orElse(-1L),
                    liveHeapKib,
                    outsideHeapKib,
                    liveHeapKib + outsideHeapKib,
                    idleCores,
                    lost);
            Files.write(dir.resolve("idle.csv"), List.of(header, row));
            out.printf(
                    Locale.ROOT,
                    "opened %d of %d sessions in %.2f s: %.0f connects/s%n",
                    open,
                    users,
                    connectSeconds,
                    open / connectSeconds);
            out.printf(
                    Locale.ROOT,
                    "CPU on the connects: server %s, this tool %.2f s (%.2f ms a connect)%n",
                    Double.isNaN(serverConnectCpu)
                            ? "- (give --server-pid)"
                            : String.format(
                                    Locale.ROOT,
                                    "%.2f s (%.2f ms a connect)",
                                    serverConnectCpu,
                                    1000 * serverConnectCpu / Math.max(1, open)),
                    ownConnectCpu,
                    1000 * ownConnectCpu / Math.max(1, open));
            out.printf(
                    Locale.ROOT,
                    "server memory per session: %s%n",
                    Double.isNaN(liveHeapKib)
                            ? "- (give --server-pid of a JVM, and run this tool on a JDK: it asks jcmd)"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f KiB (live heap %.1f KiB, resident outside the heap %.1f KiB; after full "
                                            + "collections, with the sessions and once they closed)",
                                    liveHeapKib + outsideHeapKib,
                                    liveHeapKib,
                                    outsideHeapKib));
            out.printf(
                    Locale.ROOT,
                    "server RSS: %s before the connects, %s after: %s per session; server CPU while holding: %s cores%n",
                    rssBefore < 0 ? "-" : rssBefore + " KiB",
                    rssAfter < 0 ? "-" : rssAfter + " KiB",
                    Double.isNaN(perSessionKib)
                            ? "- (give --server-pid)"
                            : String.format(Locale.ROOT, "%.1f KiB", perSessionKib),
                    Double.isNaN(idleCores) ? "-" : String.format(Locale.ROOT, "%.3f", idleCores));
            run.incidents().forEach((what, count) -> out.println("incident: " + what + " ×" + count));
            if (open < users) {
                out.println("failed to open: " + (users - open) + " (first: " + MessageCommand.firstFailure(sessions)
                        + ")");
            }
            out.println("results: " + dir.resolve("idle.csv"));
            out.flush();
            return open == 0 ? BenchCommand.SETUP_FAILED : 0;
        } catch (RestSetup.SetupException e) {
            progress.accept(e.getMessage());
            return BenchCommand.SETUP_FAILED;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Optional<HeapProbe.Heap> heap() {
        return HeapProbe.afterFullCollection(target.serverPid);
    }

    private long rss() {
        return target.serverPid == null ? -1 : ProcStats.rssKib(target.serverPid);
    }

    private double serverCpu() {
        return target.serverPid == null ? Double.NaN : ProcStats.cpuSeconds(target.serverPid);
    }
}
