package im.relay.common.testapp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value that fails validation stops the service at startup, naming the key. */
class StartupValidationIT {

    @TempDir
    Path dir;

    @Test
    void refusesToStartWithAnInvalidLiveLimit() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "relay.demo.limits.max-items: 5000\n");

        assertThatThrownBy(() -> RunningService.start(dir, Map.of()))
                .rootCause()
                .hasMessageContaining("invalid relay.demo.limits")
                .hasMessageContaining("maxItems must be less than or equal to 1000 (was 5000)");
    }

    @Test
    void refusesToStartWithAnInvalidStartupProperty() {
        assertThatThrownBy(() -> RunningService.start(dir, Map.of("RELAY_DEMO_GREETING", " ")))
                .hasStackTraceContaining("relay.demo")
                .hasStackTraceContaining("greeting");
    }

    @Test
    void refusesToStartWithAMalformedConfigFile() throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"relay\": }");

        assertThatThrownBy(() -> RunningService.start(dir, Map.of()))
                .hasMessageStartingWith(file + ": malformed JSON at line 1");
    }
}
