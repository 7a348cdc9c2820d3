package im.relay.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BenchResultTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    static BenchResult sample() {
        LatencyRecorder.Percentiles ack = new LatencyRecorder.Percentiles(200, 1.2, 2.0, 4.5, 7.0, 8.1, 1.4);
        LatencyRecorder.Percentiles deliver = new LatencyRecorder.Percentiles(300, 2.2, 3.0, 6.5, 9.0, 11.3, 2.4);
        return new BenchResult(
                "http://localhost:8080",
                "2026-11-30T10:00:00.000Z",
                "2026-11-30T10:00:40.000Z",
                new BenchResult.Options(20, 10, 2, 5, "closed", 0, 1, 20, 30, 0, "bench-results/x"),
                new BenchResult.Setup(12.5, 1, 10),
                new BenchResult.Counts(200, 200, 0, Map.of(), 300, 300, 0, 0, 200 / 30.0, 200 / 30.0, 300 / 30.0),
                new BenchResult.Latency(ack, deliver),
                new MessageTracker.Correctness(40, 0, 0, 0, 0, 0),
                true,
                new BenchResult.Repairs(0, 0, 0, 0, 0),
                List.of(
                        new Timeline.Second(1, 7, 7, 10, 0, 1.1, 4.0, 2.0, 6.0),
                        new Timeline.Second(2, 0, 0, 0, 0, null, null, null, null)));
    }

    @Test
    void jsonHasTheExpectedFields() {
        JsonNode json = JSON.readTree(sample().toJson());

        assertThat(json.path("server").asString()).isEqualTo("http://localhost:8080");
        assertThat(json.has("startedAt")).isTrue();
        assertThat(json.has("endedAt")).isTrue();
        assertThat(json.path("options").path("users").asInt()).isEqualTo(20);
        assertThat(json.path("options").path("mode").asString()).isEqualTo("closed");
        assertThat(json.path("setup").path("rateLimitedWaits").asInt()).isEqualTo(1);
        JsonNode counts = json.path("counts");
        for (String field : List.of("sent", "acked", "failed", "delivered", "expectedDeliveries", "lateSends")) {
            assertThat(counts.has(field)).as(field).isTrue();
        }
        assertThat(counts.path("failedByCode").isObject()).isTrue();
        for (String latency : List.of("sendToAck", "sendToDeliver")) {
            JsonNode percentiles = json.path("latencyMs").path(latency);
            for (String field : List.of("p50", "p90", "p99", "p999", "max", "count")) {
                assertThat(percentiles.has(field)).as(latency + "." + field).isTrue();
            }
        }
        assertThat(json.path("latencyMs").path("sendToDeliver").path("p99").asDouble())
                .isEqualTo(6.5);
        JsonNode correctness = json.path("correctness");
        for (String field : List.of("streams", "gaps", "duplicates", "ownEchoes", "outOfOrder", "missing")) {
            assertThat(correctness.path(field).isNumber()).as(field).isTrue();
        }
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("repairs").has("reconnects")).isTrue();
        assertThat(json.path("repairs").has("resends")).isTrue();
        JsonNode timeline = json.path("timeline");
        assertThat(timeline.size()).isEqualTo(2);
        assertThat(timeline.get(0).path("delivered").asLong()).isEqualTo(10);
        assertThat(timeline.get(0).path("deliverP99Ms").asDouble()).isEqualTo(6.0);
        assertThat(timeline.get(1).path("deliverP99Ms").isNull()).isTrue();
    }

    @Test
    void writesTheJsonToAFile() throws Exception {
        Path file = dir.resolve("result.json");

        sample().write(file);

        assertThat(JSON.readTree(Files.readString(file))
                        .path("counts")
                        .path("acked")
                        .asLong())
                .isEqualTo(200);
    }

    @Test
    void summaryStatesTheFiguresAndTheVerdict() {
        String summary = BenchReport.plain(sample());

        assertThat(summary)
                .contains("sent 200")
                .contains("300 of 300 expected")
                .contains("correctness PASSED")
                .contains("slowed by the server's rate limits");
    }
}
