package im.relay.load;

import im.relay.gateway.RelaySystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The load tool against the whole system (every service on the real engines, random ports), directly on
 * message-gateway's WebSocket: a two-step ladder at a small rate must get every message acked and delivered once, in
 * order, and write a CSV row per step. The figures are printed, never asserted.
 */
class BenchCommandIT {

    /** Kept after the run (under target/), so that its table, CSV and chart can be looked at. */
    private final Path out = Path.of("target", "bench-it-results");

    @Test
    void aShortLadderGetsEveryMessageAckedAndDeliveredOnceInOrder() throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();

        int exit = bench(
                stdout,
                stderr,
                7,
                "private",
                "--users",
                "4",
                "--ladder",
                "--start",
                "20",
                "--step-factor",
                "2",
                "--max-steps",
                "2",
                "--warmup",
                "1s",
                "--step-duration",
                "3s",
                "--grace",
                "8s",
                "--out",
                out.toString());

        System.out.println(stderr);
        System.out.println(stdout);
        List<String> csv = Files.readAllLines(out.resolve("steps.csv"));
        List<String> columns = List.of(csv.get(0).split(","));
        boolean chart = readable(out.resolve("chart.png"));
        List<String> timeline = Files.readAllLines(out.resolve("timeline.csv"));
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(exit).as("exit code").isZero();
            soft.assertThat(csv).as("a header and one row per step").hasSize(3);
            for (String row : csv.subList(1, csv.size())) {
                String[] values = row.split(",");
                for (String zero : List.of("errors", "gaps", "duplicates", "out_of_order", "missing")) {
                    soft.assertThat(values[columns.indexOf(zero)]).as(zero).isEqualTo("0");
                }
                soft.assertThat(values[columns.indexOf("undelivered_pct")])
                        .as("every measured message acked and delivered")
                        .isEqualTo("0.000");
                soft.assertThat(Double.parseDouble(values[columns.indexOf("deliver_p50_ms")]))
                        .as("send→deliver latencies recorded")
                        .isPositive();
                soft.assertThat(values[columns.indexOf("server_cpu_s")])
                        .as("server CPU read")
                        .isNotEmpty();
                for (String cores : List.of("server_jit_cores", "machine_busy_cores", "machine_steal_cores")) {
                    soft.assertThat(values[columns.indexOf(cores)]).as(cores).isNotEmpty();
                }
                soft.assertThat(Double.parseDouble(values[columns.indexOf("machine_busy_cores")]))
                        .as("the machine was busy at least with the server and the tool")
                        .isGreaterThanOrEqualTo(Double.parseDouble(values[columns.indexOf("own_cores")]));
            }
            soft.assertThat(stdout.toString())
                    .contains("0 gaps, 0 duplicates, 0 out of order, 0 missing: PASSED")
                    .contains("machine: ")
                    .doesNotContain("incident:");
            soft.assertThat(chart).as("chart").isTrue();
            soft.assertThat(timeline.get(0)).isEqualTo("time,run_s,step,sent,delivered,max_ack_ms,max_deliver_ms");
            List<String[]> slots = timeline.subList(1, timeline.size()).stream()
                    .map(l -> l.split(","))
                    .toList();
            soft.assertThat(slots.stream().map(s -> s[2]).distinct())
                    .as("both steps in the timeline")
                    .containsExactly("0", "1");
            soft.assertThat(slots.stream().mapToInt(s -> Integer.parseInt(s[4])).sum())
                    .as("every send of the timeline delivered once")
                    .isEqualTo(
                            slots.stream().mapToInt(s -> Integer.parseInt(s[3])).sum())
                    .isPositive();
        });
    }

    @Test
    void idleOpensEverySessionAndReportsTheCpuOfBothSidesAndTheServersMemory() throws Exception {
        StringWriter stdout = new StringWriter();
        Path idle = out.resolve("idle");

        int exit =
                bench(stdout, new StringWriter(), 8, "idle", "--users", "4", "--hold", "1s", "--out", idle.toString());

        System.out.println(stdout);
        List<String> csv = Files.readAllLines(idle.resolve("idle.csv"));
        List<String> columns = List.of(csv.get(0).split(","));
        String[] values = csv.get(1).split(",");
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(exit).as("exit code").isZero();
            soft.assertThat(csv).as("a header and one row").hasSize(2);
            soft.assertThat(values[columns.indexOf("opened")]).isEqualTo("4");
            soft.assertThat(values[columns.indexOf("failed")]).isEqualTo("0");
            soft.assertThat(values[columns.indexOf("lost_during_hold")]).isEqualTo("0");
            for (String cpu : List.of("server_connect_cpu_s", "load_connect_cpu_s", "server_idle_cores")) {
                soft.assertThat(Double.parseDouble(values[columns.indexOf(cpu)]))
                        .as(cpu)
                        .isNotNaN()
                        .isNotNegative();
            }
            soft.assertThat(Long.parseLong(values[columns.indexOf("server_rss_after_kib")]))
                    .as("server RSS read")
                    .isPositive();
            soft.assertThat(Long.parseLong(values[columns.indexOf("server_live_heap_with_kib")]))
                    .as("server live heap read")
                    .isPositive();
            soft.assertThat(Double.parseDouble(values[columns.indexOf("server_memory_per_session_kib")]))
                    .as("memory per session")
                    .isNotNaN();
            soft.assertThat(stdout.toString())
                    .contains("opened 4 of 4 sessions")
                    .contains("CPU on the connects");
        });
    }

    /**
     * Runs {@code bench MODE OPTIONS} against the whole system, this JVM as the server's process. The gateway trusts one
     * proxy hop here: posing as an address of its own ({@code 10.x.SUBNET.1}) keeps the registration limit (5 per
     * address) away from other runs' and other tests' users.
     */
    private static int bench(StringWriter stdout, StringWriter stderr, int subnet, String mode, String... options) {
        RelaySystem system = RelaySystem.start();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(stdout, true));
        command.setErr(new PrintWriter(stderr, true));
        List<String> args = new ArrayList<>(List.of(
                mode,
                "--server",
                system.gatewayUri().toString(),
                "--ws",
                system.messageGatewayWebSocket().toString(),
                "-H",
                "X-Forwarded-For:10." + ThreadLocalRandom.current().nextInt(256) + "." + subnet + ".1",
                "--server-pid",
                Long.toString(ProcessHandle.current().pid())));
        args.addAll(List.of(options));
        return command.execute(args.toArray(String[]::new));
    }

    private static boolean readable(Path png) throws Exception {
        return Files.isRegularFile(png) && ImageIO.read(png.toFile()) != null;
    }
}
