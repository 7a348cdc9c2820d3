package im.relay.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.client.cli.DurationConverter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new BenchCommand());
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));
        return command.execute(args);
    }

    @Test
    void rejectsAnImpossibleWorkloadAsUsageError() {
        assertThat(run("--users", "3", "--private", "4", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--private");
    }

    @Test
    void rejectsAServerThatIsNoHttpUrlAsUsageError() {
        assertThat(run("--server", "localhost:8080", "--out", dir.toString())).isEqualTo(2);
        assertThat(run("--server", "http://bad host", "--out", dir.toString())).isEqualTo(2);
    }

    @Test
    void rejectsABadDurationAsUsageError() {
        assertThat(run("--duration", "soon", "--out", dir.toString())).isEqualTo(2);
    }

    @Test
    void answersThreeWhenTheServerCannotBeReached() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }

        assertThat(run("--server", "http://127.0.0.1:" + port, "--out", dir.toString()))
                .isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach");
    }

    @Test
    void readsShortDurations() {
        DurationConverter converter = new DurationConverter();

        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(converter.convert("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }
}
