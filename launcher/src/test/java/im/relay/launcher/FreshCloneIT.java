package im.relay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start, literally: a fresh {@code git clone} (into a directory whose path has a space), then
 * {@code ./relay up} with nothing else, so the data directory is the default relative {@code data}. A chat and an
 * upload, Ctrl-C, a check of the process table, a restart that keeps the history and the file; then a crash
 * ({@code kill -9}) and a start that cleans up what the crash left behind. The launcher jar this build packaged is
 * copied into the clone, so that {@code ./relay} finds it up to date instead of building the clone again.
 */
class FreshCloneIT {

    private static final Path WORKING_REPOSITORY =
            Path.of(System.getProperty("user.dir")).getParent();
    private static final String LAUNCHER_JAR = "launcher/target/launcher-0.1.0-SNAPSHOT-exec.jar";

    @TempDir
    Path temp;

    private Path clone;
    private Process relay;
    private Path console;
    private int starts;

    @BeforeEach
    void cloneTheRepository() throws Exception {
        assumeTrue(Files.exists(WORKING_REPOSITORY.resolve(".git")), "a git checkout (or worktree) to clone");
        clone = temp.resolve("fresh clone");
        Process git = new ProcessBuilder("git", "clone", "--quiet", WORKING_REPOSITORY.toString(), clone.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor()).as(output).isZero();
        Path jar = clone.resolve(LAUNCHER_JAR);
        Files.createDirectories(jar.getParent());
        Files.copy(WORKING_REPOSITORY.resolve(LAUNCHER_JAR), jar, StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        if (relay != null && relay.isAlive()) {
            relay.destroyForcibly().waitFor();
        }
        if (clone != null) {
            processesOf(clone).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void theQuickStartRunsFromAFreshCloneStopsCleanlyAndSurvivesACrash() throws Exception {
        relay = up();
        assertThat(Files.readString(console))
                .as("the default data directory, made absolute")
                .contains("data in " + clone.resolve("data"))
                .doesNotContain("WARNING:", "Exception");
        ChatSession session = new ChatSession();
        session.run();

        Set<ProcessHandle> started = processesOf(clone);
        assertThat(portsListeningBeyondLoopback(started))
                .as("only the web/API entry and the WebSocket listen beyond this machine")
                .containsOnly(8080, 8090);
        assertThat(started).as("the launcher and its engines").hasSizeGreaterThan(2);
        interrupt(relay); // Ctrl-C
        assertThat(relay.waitFor()).as("stopped by its shutdown hook").isIn(0, 130);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(alive(started))
                        .as("still running after Ctrl-C")
                        .isEmpty());
        assertThat(processesOf(clone)).isEmpty();
        String output = Files.readString(console);
        assertThat(output.substring(output.indexOf("Press Ctrl-C to stop.")))
                .as("quiet once it is up")
                .isEqualTo("Press Ctrl-C to stop.\nStopping ...\nStopped.\n");

        relay = up();
        session.assertHistoryKept();

        relay.toHandle().destroyForcibly(); // kill -9: PostgreSQL and Redis outlive it
        relay.waitFor();
        assertThat(alive(processesOf(clone)))
                .as("engines a crash leaves behind")
                .isNotEmpty();

        relay = up();
        assertThat(Files.readString(console))
                .contains("Stopped the PostgreSQL (pid")
                .contains("Stopped the Redis (pid");
        session.assertHistoryKept();

        Set<ProcessHandle> restarted = processesOf(clone);
        interrupt(relay);
        relay.waitFor();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(alive(restarted)).isEmpty());
    }

    @Test
    void aPortTakenBySomethingElseIsStillRefusedClearly() throws Exception {
        // a stale pid file that names a process that is not an engine of ours (this test's JVM) is never acted on
        Path redisData = Files.createDirectories(clone.resolve("data/redis"));
        Files.writeString(
                redisData.resolve("redis.pid"), ProcessHandle.current().pid() + "\n");
        try (ServerSocket other = new ServerSocket(16379)) {
            Process refused = command("up").redirectErrorStream(true).start();
            String output = new String(refused.getInputStream().readAllBytes());
            assertThat(refused.waitFor()).as(output).isEqualTo(2);
            assertThat(output)
                    .contains("these ports are in use: 16379 (embedded Redis)")
                    .doesNotContain("Stopped the Redis");
        }
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    /** {@code ./relay up} as printed in the README, in the clone, with none of the variables that change it. */
    private Process up() throws IOException {
        console = temp.resolve("console-" + ++starts + ".log");
        Process process = command("up")
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !process.isAlive() || Files.readString(console).contains("Relay is up"));
        assertThat(process.isAlive()).as(() -> read(console)).isTrue();
        return process;
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/env"))) {
            // a shell that starts a job in the background ignores SIGINT for it, and so would every process below
            // this test: restore the disposition a terminal gives, so that SIGINT works as Ctrl-C does
            command.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
        }
        command.add("./relay");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(clone.toFile());
        Map<String, String> environment = builder.environment();
        for (String variable : List.of(
                "RELAY_DATA", "RELAY_DATABASE_URL", "REDIS_URL", "KAFKA_BOOTSTRAP_SERVERS", "RELAY_JAVA_OPTS")) {
            environment.remove(variable);
        }
        return builder;
    }

    private static void interrupt(Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                        .start()
                        .waitFor())
                .isZero();
    }

    /**
     * Every process that belongs to the clone: those whose command line or working directory is in it (the launcher,
     * the postmaster, Redis) and all their descendants.
     */
    private static Set<ProcessHandle> processesOf(Path clone) {
        Set<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> mentions(process, clone))
                .collect(Collectors.toCollection(HashSet::new));
        for (ProcessHandle process : Set.copyOf(found)) {
            process.descendants().forEach(found::add);
        }
        return found;
    }

    private static boolean mentions(ProcessHandle process, Path clone) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            String commandLine = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
            return commandLine.contains(clone.toString())
                    || Files.readSymbolicLink(proc.resolve("cwd")).startsWith(clone);
        } catch (IOException | RuntimeException e) {
            return false; // ended meanwhile, or not ours to read
        }
    }

    /** The TCP ports that these processes listen on at an address other than loopback, as {@code ss} shows them. */
    private static Set<Integer> portsListeningBeyondLoopback(Set<ProcessHandle> processes) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")), "ss");
        Set<String> pids = processes.stream().map(p -> "pid=" + p.pid() + ",").collect(Collectors.toSet());
        Process ss =
                new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        List<String> lines =
                new String(ss.getInputStream().readAllBytes()).lines().toList();
        assertThat(ss.waitFor()).isZero();
        Set<Integer> ports = new HashSet<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 6 || pids.stream().noneMatch(line::contains)) {
                continue;
            }
            String local = fields[3];
            String host = local.substring(0, local.lastIndexOf(':'));
            if (!host.matches("127\\.\\d+\\.\\d+\\.\\d+|\\[::1]|\\[::ffff:127\\.\\d+\\.\\d+\\.\\d+]")) {
                ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)));
            }
        }
        return ports;
    }

    private static Set<Long> alive(Set<ProcessHandle> processes) {
        return processes.stream()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
