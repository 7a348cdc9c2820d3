package im.relay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./relay up} in a process of its own (on the launcher this build just packaged) serves the client commands,
 * the web page and the load generator, and refuses a second instance on the same data directory. (The quick start
 * itself, from a fresh clone, is {@link FreshCloneIT}.)
 */
class RelayUpIT {

    @TempDir
    Path data;

    @TempDir
    Path logs;

    private Process relay;

    @AfterEach
    void stop() throws Exception {
        if (relay != null && relay.isAlive()) {
            relay.destroy();
            relay.waitFor();
        }
    }

    @Test
    void servesTheClientCommandsAndTheLoadGeneratorAndRefusesASecondInstance() throws Exception {
        // the limits that protect logins would slow a load test from one address: lifted as the README says
        Path config = logs.resolve("bench-config.yaml");
        Files.copy(root().resolve("scripts/bench-config.yaml"), config);
        relay = start("--config", config.toString(), "--refresh", "1");

        Process second = new ProcessBuilder(command()).redirectErrorStream(true).start();
        String output = new String(second.getInputStream().readAllBytes());
        assertThat(second.waitFor()).isEqualTo(2);
        assertThat(output).contains("is in use by another Relay");

        var page = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(ChatSession.API.resolve("/"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).as("the web chat page").contains("<title>Relay");

        String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String alice = "shell_alice_" + suffix;
        String bob = "shell_bob_" + suffix;
        assertThat(relay(alice, "register", alice, "--password", "secret-alice").exit())
                .isZero();
        assertThat(relay(bob, "register", bob, "--password", "secret-bob").exit())
                .isZero();
        assertThat(relay(alice, "friends", "add", bob).exit()).isZero();
        assertThat(relay(bob, "friends", "accept", alice).exit()).isZero();
        assertThat(relay(alice, "send", bob, "hello", "from", "the", "shell").out())
                .contains("(#1)");
        assertThat(relay(bob, "history", alice).out()).contains(alice + ": hello from the shell");
        assertThat(relay(bob, "send", "nobody_" + suffix, "hi").exit())
                .as("no such user")
                .isEqualTo(4);
        // registration, friends and the message called user-, friend- and private-message-server over gRPC: in-process
        if (Files.isReadable(Path.of("/proc/net/tcp"))) {
            assertThat(connectionsToGrpcPorts())
                    .as("TCP connections to a gRPC port of the services")
                    .isEmpty();
        }

        Path results = logs.resolve("bench");
        Run bench = relay(
                alice,
                "bench",
                "private",
                "--server",
                ChatSession.API.toString(),
                "--users",
                "4",
                "--rate",
                "20",
                "--warmup",
                "1s",
                "--step-duration",
                "3s",
                "--out",
                results.toString());
        assertThat(bench.exit()).as(bench.out()).isZero();
        assertThat(results.resolve("chart.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(results.resolve("steps.csv"))).hasSize(2);
        assertThat(bench.out()).contains("0 gaps, 0 duplicates, 0 out of order, 0 missing: PASSED");

        // a change picked up by --refresh: one line per service on the console, secrets masked
        Files.writeString(
                config,
                Files.readString(config) + "\nlogging.level.im.relay.probe: DEBUG\nrelay.probe.password: hunter2\n");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Files.readString(console))
                        .containsPattern(
                                "配置已更新 \\(configuration updated\\) in gateway-service: logging.level.im.relay.probe: "
                                        + "\\(unset\\) → DEBUG, relay.probe.password: \\(unset\\) → \\*\\*\\*\\*\\*\\*")
                        .contains("in user-service: ", "in message-gateway: ", "in group-message-server: "));
        assertThat(Files.readString(console)).doesNotContain("hunter2", "Cannot reset property");
    }

    private record Run(int exit, String out) {}

    /** Established TCP connections (Linux's /proc/net/tcp and tcp6) whose remote end is a service's gRPC port. */
    private static List<String> connectionsToGrpcPorts() throws IOException {
        java.util.Set<Integer> grpcPorts = java.util.Arrays.stream(Service.values())
                .map(service -> service.grpcPort)
                .filter(port -> port != 0)
                .collect(java.util.stream.Collectors.toSet());
        List<String> found = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) { // after the header
                String[] fields = line.trim().split("\\s+");
                String remote = fields[2]; // address:port in hex
                int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
                if (fields[3].equals("01") && grpcPorts.contains(port)) { // 01: ESTABLISHED
                    found.add(line.trim());
                }
            }
        }
        return found;
    }

    /** {@code ./relay ARGS} as {@code user} runs it, with a config directory of that user's own. */
    private Run relay(String user, String... args) throws Exception {
        List<String> command =
                new java.util.ArrayList<>(List.of(root().resolve("relay").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .put("RELAY_CONFIG_DIR", logs.resolve("home-" + user).toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        return new Run(process.waitFor(), out);
    }

    private static Path root() {
        return Path.of(System.getProperty("user.dir")).getParent();
    }

    private int starts;

    private Path console;

    private Process start(String... extra) throws IOException {
        Path log = logs.resolve("relay-" + ++starts + ".log");
        console = log;
        List<String> command = new java.util.ArrayList<>(command());
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !process.isAlive() || Files.readString(log).contains("Relay is up"));
        assertThat(process.isAlive()).as(() -> readQuietly(log)).isTrue();
        return process;
    }

    private List<String> command() {
        return List.of(root().resolve("relay").toString(), "up", "--data", data.toString());
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
