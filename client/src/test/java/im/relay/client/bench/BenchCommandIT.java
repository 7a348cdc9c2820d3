package im.relay.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.gateway.RelaySystem;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The load generator against the whole system, in process: a short run must deliver everything, once and in order. */
class BenchCommandIT {

    private static RelaySystem system;

    /** Kept after the run (under target/), so that its figures and chart can be looked at. */
    private final Path out = Path.of("target", "bench-it-results");

    @BeforeAll
    static void startSystem() {
        system = RelaySystem.start();
    }

    @Test
    void shortRunDeliversEveryMessageOnceAndInOrder() throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(stdout, true));
        command.setErr(new PrintWriter(stderr, true));

        // six users: the sixth registration meets the gateway's limit (5 per address, then 1 per 10 s) and waits
        int exit = command.execute(
                "--server", system.gatewayUri().toString(),
                "--users", "6",
                "--private", "2",
                "--groups", "1",
                "--group-size", "3",
                "--duration", "5s",
                "--out", out.toString());

        System.out.println(stderr);
        System.out.println(stdout);
        assertThat(out.resolve("result.json")).isRegularFile();
        assertThat(out.resolve("chart.png")).isRegularFile();
        JsonNode result = JsonMapper.builder().build().readTree(Files.readString(out.resolve("result.json")));
        JsonNode counts = result.path("counts");
        JsonNode correctness = result.path("correctness");
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(exit).as("exit code").isZero();
            soft.assertThat(readPng(out.resolve("chart.png"))).as("chart").isNotNull();
            soft.assertThat(counts.path("acked").asLong()).as("acked").isPositive();
            soft.assertThat(counts.path("failed").asLong()).as("failed").isZero();
            soft.assertThat(counts.path("delivered").asLong())
                    .as("delivered")
                    .isEqualTo(counts.path("expectedDeliveries").asLong());
            for (String check : List.of("gaps", "duplicates", "outOfOrder", "missing")) {
                soft.assertThat(correctness.path(check).asLong()).as(check).isZero();
            }
            soft.assertThat(result.path("latencyMs")
                            .path("sendToDeliver")
                            .path("count")
                            .asLong())
                    .as("send→deliver latencies recorded")
                    .isPositive();
            soft.assertThat(stdout.toString()).contains("correctness PASSED");
        });
    }

    private static BufferedImage readPng(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
