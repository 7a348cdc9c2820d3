package im.relay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.config.RelayApplication;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import im.relay.engines.Engines;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway started as in production (--config, --refresh) picks up new limits and routes without a restart, and
 * says so in one line.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayLiveConfigIT {

    @TempDir
    Path dir;

    @Test
    void aChangedRateLimitAndANewRouteApplyWithoutARestart(CapturedOutput output) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        write(config, settings(1000, ""));
        String[] args = {
            "--config",
            config.toString(),
            "--refresh",
            "1",
            "--server.port=0",
            "--management.server.port=0",
            "--spring.main.web-application-type=reactive",
            "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                    + TestServices.TOMCAT_MANAGEMENT,
            "--spring.data.redis.url=" + Engines.shared().redis().url()
        };
        try (ConfigurableApplicationContext gateway =
                RelayApplication.run(GatewayServiceApplication.class, args, Map.of(), dir)) {
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(gateway)))
                    .withHeader("X-Forwarded-For", "192.0.2." + (1 + (int) (Math.random() * 250)));
            assertThat(api.get("/probe").code()).isEqualTo("NOT_FOUND");

            write(config, settings(1, """
                    spring.cloud.gateway.server.webflux.routes:
                      - id: probe
                        uri: forward:/
                        predicates: [Path=/probe]
                    """));

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> api.get("/probe").code().equals("UNAUTHORIZED"));
            // the file's route list replaced the built-in one; the new per-address limit guards the new route
            await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/probe").status() == 429);
            assertThat(output.getOut())
                    .containsPattern("\\[INFO\\] .*配置已更新 \\(configuration updated\\) in gateway-service: .*"
                            + "relay\\.gateway\\.rate-limits\\.per-ip\\.burst: 1000 → 1")
                    .doesNotContain("Cannot reset property");
        }
    }

    private static String settings(int burst, String more) {
        return """
                relay.gateway:
                  trusted-proxies: 1
                  rate-limits:
                    global: {rate: 1000, burst: 1000, cost: 1}
                    per-ip: {rate: 1, burst: %d, cost: 1}
                """.formatted(burst) + more;
    }

    private static void write(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
