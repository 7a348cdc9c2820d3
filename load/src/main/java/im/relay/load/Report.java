package im.relay.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The per-step table on stdout and {@code steps.csv}: the same figures, one step a line. */
final class Report {

    private static final String TABLE_HEADER = String.format(
            Locale.ROOT,
            "%4s %8s %8s %8s %9s | %-31s | %-31s | %7s | %-17s | %-11s | %-14s | %6s | %-15s | %s",
            "step",
            "offered",
            "sent/s",
            "acked/s",
            "deliv/s",
            "send→ack ms p50/p90/p99/p99.9/max",
            "send→deliver ms p50/p90/p99/p99.9/max",
            "late99",
            "server cpu s/cores",
            "own cpu",
            "jit/busy/steal",
            "errors",
            "gap/dup/ord/mis",
            "verdict");

    static final List<String> CSV_COLUMNS = List.of(
            "step",
            "offered_per_s",
            "fanout",
            "seconds",
            "sent_per_s",
            "acked_per_s",
            "delivered_per_s",
            "ack_p50_ms",
            "ack_p90_ms",
            "ack_p99_ms",
            "ack_p999_ms",
            "ack_max_ms",
            "deliver_p50_ms",
            "deliver_p90_ms",
            "deliver_p99_ms",
            "deliver_p999_ms",
            "deliver_max_ms",
            "lateness_p50_ms",
            "lateness_p99_ms",
            "lateness_max_ms",
            "server_cpu_s",
            "server_cores",
            "server_cpu_ms_per_msg",
            "own_cpu_s",
            "own_cores",
            "server_jit_cores",
            "machine_busy_cores",
            "machine_steal_cores",
            "errors",
            "rate_limited",
            "service_unavailable",
            "gaps",
            "duplicates",
            "out_of_order",
            "missing",
            "undelivered_pct",
            "sustainable",
            "tool_limited",
            "broken");

    private Report() {}

    static String tableHeader() {
        return TABLE_HEADER;
    }

    static String tableRow(StepResult r) {
        StreamChecker.Counts p = r.problems();
        String verdict = (r.sustainable() ? "ok" : "UNSUSTAINABLE: " + String.join("; ", r.broken()))
                + (r.toolLimited() ? " [TOOL-LIMITED]" : "")
                + (p.total() > 0 ? " [CORRECTNESS]" : "");
        return String.format(
                Locale.ROOT,
                "%4d %8.0f %8.1f %8.1f %9.1f | %-31s | %-31s | %7s | %-17s | %-11s | %-14s | %6d | %-15s | %s",
                r.step(),
                r.offeredPerS(),
                r.sentPerS(),
                r.ackedPerS(),
                r.deliveredPerS(),
                latencies(r.ack()),
                latencies(r.deliver()),
                ms(r.lateness().p99()),
                Double.isNaN(r.serverCpuSeconds())
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f/%.2f", r.serverCpuSeconds(), r.serverCores()),
                String.format(Locale.ROOT, "%.2f/%.2f", r.ownCpuSeconds(), r.ownCores()),
                cores(r.serverJitCores()) + "/" + cores(r.machineBusyCores()) + "/" + cores(r.machineStealCores()),
                r.errorCount(),
                p.gaps() + "/" + p.duplicates() + "/" + p.outOfOrder() + "/" + p.missing(),
                verdict);
    }

    private static String cores(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String latencies(StepResult.Latency l) {
        return ms(l.p50()) + "/" + ms(l.p90()) + "/" + ms(l.p99()) + "/" + ms(l.p999()) + "/" + ms(l.max());
    }

    private static String ms(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value < 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.0f", value);
    }

    static void writeCsv(List<StepResult> steps, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", CSV_COLUMNS));
        steps.forEach(step -> lines.add(csvRow(step)));
        Files.write(file, lines);
    }

    static String csvRow(StepResult r) {
        List<Object> values = new ArrayList<>(List.of(
                r.step(), r.offeredPerS(), r.fanout(), r.seconds(), r.sentPerS(), r.ackedPerS(), r.deliveredPerS()));
        for (StepResult.Latency l : List.of(r.ack(), r.deliver())) {
            values.addAll(List.of(l.p50(), l.p90(), l.p99(), l.p999(), l.max()));
        }
        values.addAll(
                List.of(r.lateness().p50(), r.lateness().p99(), r.lateness().max()));
        values.addAll(List.of(
                r.serverCpuSeconds(), r.serverCores(), r.serverCpuMsPerMessage(), r.ownCpuSeconds(), r.ownCores()));
        values.addAll(List.of(r.serverJitCores(), r.machineBusyCores(), r.machineStealCores()));
        values.addAll(List.of(
                r.errorCount(),
                r.errors().getOrDefault("RATE_LIMITED", 0L),
                r.errors().getOrDefault("SERVICE_UNAVAILABLE", 0L)));
        StreamChecker.Counts p = r.problems();
        values.addAll(List.of(p.gaps(), p.duplicates(), p.outOfOrder(), p.missing()));
        values.addAll(List.of(100 * r.undeliveredShare(), r.sustainable(), r.toolLimited()));
        values.add('"' + String.join("; ", r.broken()).replace("\"", "'") + '"');
        return values.stream().map(Report::csvValue).collect(Collectors.joining(","));
    }

    private static String csvValue(Object value) {
        if (value instanceof Double d) {
            return d.isNaN() ? "" : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(value);
    }

    /** The server's JIT compiler at or above this many cores in a step: the server was still warming up. */
    static final double JIT_CORES_WARNING = 0.1;

    /**
     * What else the cores did over the measured windows: the machine's busy and stolen cores on average, and a warning
     * when the server was still compiling its hot code (its figures then are those of a server warming up).
     */
    static Optional<String> machine(List<StepResult> steps) {
        double seconds = steps.stream().mapToDouble(StepResult::seconds).sum();
        double busy = steps.stream().mapToDouble(StepResult::machineBusySeconds).sum();
        double steal =
                steps.stream().mapToDouble(StepResult::machineStealSeconds).sum();
        if (seconds == 0 || Double.isNaN(busy)) {
            return Optional.empty();
        }
        String line = String.format(
                Locale.ROOT,
                "machine: %d cores, on average %.2f busy (server, tool, engines, anything else) and %.2f stolen by the"
                        + " hypervisor in the measured windows",
                Runtime.getRuntime().availableProcessors(),
                busy / seconds,
                steal / seconds);
        StepResult compiling = steps.stream()
                .filter(step -> step.serverJitCores() >= JIT_CORES_WARNING)
                .max(Comparator.comparingDouble(StepResult::serverJitCores))
                .orElse(null);
        if (compiling != null) {
            line += String.format(
                    Locale.ROOT,
                    "%nwarning: the server's JIT compiler was still busy (%.2f cores in step %d): these are the figures"
                            + " of a server warming up; run traffic first to measure a warm one",
                    compiling.serverJitCores(),
                    compiling.step());
        }
        return Optional.of(line);
    }

    /** The run's end: max sustainable rate, max rate within 100 ms p99, totals and anything the tool noticed. */
    static void summary(PrintWriter out, List<StepResult> steps, StreamChecker.Counts total, String extra) {
        List<Sustainability.Figures> figures =
                steps.stream().map(StepResult::figures).toList();
        out.printf(
                Locale.ROOT,
                "max sustainable rate: %.0f msg/s; max rate with p99 send→deliver ≤ 100 ms: %.0f msg/s%n",
                Sustainability.maxSustainable(figures),
                Sustainability.maxFast(figures));
        out.printf(
                Locale.ROOT,
                "correctness over the run: %d gaps, %d duplicates, %d out of order, %d missing: %s%n",
                total.gaps(),
                total.duplicates(),
                total.outOfOrder(),
                total.missing(),
                total.total() == 0 ? "PASSED" : "FAILED");
        if (steps.stream().anyMatch(StepResult::toolLimited)) {
            out.println("warning: the tool itself fell behind (lateness p99 > 1 s or its own CPU ≥ "
                    + StepResult.OWN_CORES_WARNING + " core) in steps marked TOOL-LIMITED: those figures are the"
                    + " tool's limit, not necessarily the server's");
        }
        machine(steps).ifPresent(out::println);
        if (!extra.isEmpty()) {
            out.println(extra);
        }
        out.flush();
    }
}
