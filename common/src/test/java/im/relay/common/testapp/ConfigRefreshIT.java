package im.relay.common.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/** {@code --refresh N} applies a changed log level and a changed limit to a running service. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigRefreshIT {

    private static final String LOGGER = "im.relay.common.testapp.probe";

    @TempDir
    Path dir;

    RunningService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void appliesChangedLiveKeysWithoutARestart(CapturedOutput output) throws Exception {
        Path config = dir.resolve("relay.yaml");
        Files2.replace(config, settings(20, "INFO"));
        service = RunningService.start(dir, Map.of(), "--config", config.toString(), "--refresh", "1");
        assertThat(maxItems()).isEqualTo(20);
        assertThat(LoggerFactory.getLogger(LOGGER).isDebugEnabled()).isFalse();

        Files2.replace(config, settings(50, "DEBUG"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> maxItems() == 50 && LoggerFactory.getLogger(LOGGER).isDebugEnabled());
        assertThat(output.getOut())
                .containsPattern("\\[INFO\\] .*配置已更新.*logging\\.level\\.im\\.relay\\.common\\.testapp\\.probe")
                .contains("relay.demo.limits.max-items");
    }

    @Test
    void keepsTheLastGoodConfigurationWhenTheFileBreaks(CapturedOutput output) throws Exception {
        Path config = dir.resolve("relay.yaml");
        Files2.replace(config, settings(20, "INFO"));
        service = RunningService.start(dir, Map.of(), "--config", config.toString(), "--refresh", "1");

        Files2.replace(config, "relay:\n  demo: [unclosed\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("配置未更新"));
        assertThat(output.getOut()).contains(config + ": malformed YAML at line 3");
        assertThat(maxItems()).isEqualTo(20);

        Files2.replace(config, settings(30, "INFO"));
        await().atMost(Duration.ofSeconds(10)).until(() -> maxItems() == 30);
    }

    @Test
    void refusesAnInvalidLiveValueAndKeepsThePreviousOne(CapturedOutput output) throws Exception {
        Path config = dir.resolve("relay.yaml");
        Files2.replace(config, settings(20, "INFO"));
        service = RunningService.start(dir, Map.of(), "--config", config.toString(), "--refresh", "1");

        Files2.replace(config, settings(0, "INFO"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> output.getOut().contains("Keeping the previous relay.demo.limits"));
        assertThat(output.getOut()).contains("maxItems must be greater than or equal to 1 (was 0)");
        assertThat(maxItems()).isEqualTo(20);
    }

    @Test
    void aRemovedLogLevelReturnsToTheInheritedOne() throws Exception {
        Path config = dir.resolve("relay.yaml");
        Files2.replace(config, settings(20, "DEBUG"));
        service = RunningService.start(dir, Map.of(), "--config", config.toString(), "--refresh", "1");
        assertThat(LoggerFactory.getLogger(LOGGER).isDebugEnabled()).isTrue();

        Files2.replace(config, "relay.demo.limits.max-items: 21\n");

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        maxItems() == 21 && !LoggerFactory.getLogger(LOGGER).isDebugEnabled());
    }

    private static String settings(int maxItems, String level) {
        return """
                relay:
                  demo:
                    limits:
                      max-items: %d
                logging:
                  level:
                    %s: %s
                """.formatted(maxItems, LOGGER, level);
    }

    private int maxItems() throws Exception {
        return JsonMapper.builder()
                .build()
                .readTree(service.get("/demo/settings").body())
                .get("maxItems")
                .asInt();
    }
}
