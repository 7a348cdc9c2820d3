package im.relay.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import im.relay.common.testing.TestServices;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/start-all.sh as an operator runs it: each service a process of its own, against the local PostgreSQL and
 * Redis (the script's defaults) and a Kafka process of its own; the scripted session passes; stop-all.sh stops all.
 * Runs where PostgreSQL and Redis serve on their standard local ports (CI here), and is skipped elsewhere.
 */
class StartAllScriptIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private final String prefix = "relay_it_" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path run;

    @AfterEach
    void stopAndDropDatabases() throws Exception {
        script("scripts/stop-all.sh");
        try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var statement = connection.createStatement()) {
            for (String name : List.of("user", "auth", "friend", "group", "private_message", "group_message")) {
                statement.execute("DROP DATABASE IF EXISTS " + prefix + "_" + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // nothing was created
        }
    }

    @Test
    void startsEachServiceAsItsOwnProcessAndTheSessionWorks() throws Exception {
        assumeTrue(answers(5432) && answers(6379), "PostgreSQL and Redis on their standard local ports");
        int started = script("scripts/start-all.sh");
        assertThat(started).as(() -> logs()).isZero();
        assertThat(Files.list(run.resolve("pids")).count())
                .as("eight services and Kafka")
                .isEqualTo(9);

        ChatSession session = new ChatSession();
        session.run();
        session.assertHistoryKept();

        assertThat(script("scripts/stop-all.sh")).isZero();
        assertThat(Files.list(run.resolve("pids")).count())
                .as("every process stopped")
                .isZero();
    }

    private int script(String path) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve(path).toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        run.resolve("scripts.log").toFile()));
        builder.environment()
                .putAll(Map.of(
                        "RELAY_RUN_DIR",
                        run.toString(),
                        "RELAY_DB_PREFIX",
                        prefix,
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "127.0.0.1:" + TestServices.freePort()));
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroy();
            return -1;
        }
        return process.exitValue();
    }

    private String logs() {
        try {
            return Files.readString(run.resolve("scripts.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
