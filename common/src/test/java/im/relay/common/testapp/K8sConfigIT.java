package im.relay.common.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --k8s-config}: a ConfigMap and a Secret mounted the way the kubelet mounts them (each key a symlink through
 * {@code ..data} into a timestamped directory), and an update made the way the kubelet makes it: a new directory,
 * then an atomic swap of the {@code ..data} symlink. No {@code --refresh}: the swap alone must be noticed.
 */
@ExtendWith(OutputCaptureExtension.class)
class K8sConfigIT {

    @TempDir
    Path root;

    RunningService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void readsAMountedConfigMapAndSecretAndFollowsTheKubeletsSymlinkSwap(CapturedOutput output) throws Exception {
        Path configMap = Files.createDirectories(root.resolve("config"));
        Path secrets = Files.createDirectories(root.resolve("secrets"));
        kubeletWrite(
                configMap,
                "..2026_11_29_10_00_00.1",
                Map.of(
                        "relay.demo.limits.max-items", "30\n",
                        "RELAY_DEMO_GREETING", "from the ConfigMap",
                        "config.yaml", "logging.level.im.relay.common.testapp.k8s: WARN\n"));
        kubeletWrite(secrets, "..2026_11_29_10_00_00.2", Map.of("RELAY_DEMO_GREETING", "from the Secret"));

        service = RunningService.start(
                root, Map.of(), "--k8s-config", configMap.toString(), "--k8s-secrets", secrets.toString());

        assertThat(settings().get("greeting").asString()).isEqualTo("from the Secret");
        assertThat(settings().get("maxItems").asInt()).isEqualTo(30);

        kubeletWrite(
                configMap,
                "..2026_11_29_10_05_00.3",
                Map.of(
                        "relay.demo.limits.max-items", "40",
                        "RELAY_DEMO_GREETING", "from the ConfigMap",
                        "config.yaml", "logging.level.im.relay.common.testapp.k8s: WARN\n"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> settings().get("maxItems").asInt() == 40);
        assertThat(output.getOut()).contains("配置已更新").contains("relay.demo.limits.max-items");
    }

    @Test
    void keepsTheLastGoodConfigurationWhenAnUpdateIsMalformed(CapturedOutput output) throws Exception {
        Path configMap = Files.createDirectories(root.resolve("config"));
        kubeletWrite(configMap, "..2026_11_29_10_00_00.1", Map.of("config.yaml", "relay.demo.limits.max-items: 31\n"));
        service = RunningService.start(root, Map.of(), "--k8s-config", configMap.toString());
        assertThat(settings().get("maxItems").asInt()).isEqualTo(31);

        kubeletWrite(configMap, "..2026_11_29_10_05_00.2", Map.of("config.yaml", "relay.demo.limits: [oops\n"));

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("配置未更新"));
        assertThat(output.getOut()).contains("config.yaml: malformed YAML");
        assertThat(settings().get("maxItems").asInt()).isEqualTo(31);
    }

    /**
     * What the kubelet's AtomicWriter does: write the payload into a new hidden timestamped directory, point
     * {@code ..data_tmp} at it, rename that over {@code ..data}, make sure each key is a symlink through
     * {@code ..data}, then remove the old directory.
     */
    private static void kubeletWrite(Path dir, String timestamped, Map<String, String> payload) throws IOException {
        Path version = Files.createDirectory(dir.resolve(timestamped));
        for (Map.Entry<String, String> entry : payload.entrySet()) {
            Files.writeString(version.resolve(entry.getKey()), entry.getValue());
        }
        Path data = dir.resolve("..data");
        Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
        Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of(timestamped));
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String key : payload.keySet()) {
            Path link = dir.resolve(key);
            if (!Files.isSymbolicLink(link)) {
                Files.createSymbolicLink(link, Path.of("..data", key));
            }
        }
        if (old != null) {
            try (Stream<Path> files = Files.walk(old)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private JsonNode settings() throws Exception {
        return JsonMapper.builder()
                .build()
                .readTree(service.get("/demo/settings").body());
    }
}
