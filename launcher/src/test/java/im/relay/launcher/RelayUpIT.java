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
 * The README's run command, as a user runs it: {@code ./relay up} in a process of its own (on the launcher this
 * build just packaged), a scripted chat session against its real ports, a stop with SIGTERM (Ctrl-C), and a second
 * start that still has the history.
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
    void runsTheWholeSystemAndKeepsItsDataAcrossARestart() throws Exception {
        relay = start();
        ChatSession session = new ChatSession();
        session.run();

        relay.destroy(); // SIGTERM, as Ctrl-C
        assertThat(relay.waitFor()).as("stopped by its shutdown hook").isIn(0, 143);
        assertThat(postmasterAlive()).as("no PostgreSQL left behind").isFalse();

        relay = start();
        session.assertHistoryKept();
    }

    @Test
    void refusesASecondInstanceOnTheSameDataDirectory() throws Exception {
        relay = start();
        Process second = new ProcessBuilder(command()).redirectErrorStream(true).start();
        String output = new String(second.getInputStream().readAllBytes());
        assertThat(second.waitFor()).isEqualTo(2);
        assertThat(output).contains("is in use by another Relay");
    }

    private int starts;

    private Process start() throws IOException {
        Path log = logs.resolve("relay-" + ++starts + ".log");
        Process process = new ProcessBuilder(command())
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
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        return List.of(root.resolve("relay").toString(), "up", "--data", data.toString());
    }

    private boolean postmasterAlive() throws IOException {
        Path pid = data.resolve("postgres/postmaster.pid");
        if (!Files.exists(pid)) {
            return false;
        }
        return ProcessHandle.of(
                        Long.parseLong(Files.readAllLines(pid).getFirst().strip()))
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
