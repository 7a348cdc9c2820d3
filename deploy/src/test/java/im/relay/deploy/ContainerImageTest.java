package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** deploy/Dockerfile: how it builds (one Maven run for all eight images) and how its JVM is sized. */
class ContainerImageTest {

    private static final String DOCKERFILE = DeployFiles.read(DeployFiles.MODULE.resolve("Dockerfile"));
    private static final long MIB = 1024 * 1024;
    /** What the JVM needs besides heap, direct buffers and class metadata: code cache, thread stacks, GC tables. */
    private static final long OTHER_NATIVE_MEMORY = 128 * MIB;

    /** The instructions of the stage that starts with {@code FROM <from>}, up to the next FROM. */
    private static String stage(String from) {
        int start = DOCKERFILE.indexOf("\nFROM " + from);
        assertThat(start).as("stage FROM " + from).isNotNegative();
        int end = DOCKERFILE.indexOf("\nFROM ", start + 1);
        return DOCKERFILE.substring(start, end < 0 ? DOCKERFILE.length() : end);
    }

    private static String javaToolOptions() {
        Matcher env = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(DOCKERFILE);
        assertThat(env.find())
                .as("ENV JAVA_TOOL_OPTIONS=\"...\" in the Dockerfile")
                .isTrue();
        return env.group(1);
    }

    private static long flag(String name) {
        Matcher flag = Pattern.compile("-XX:" + name + "=(\\d+)([kmg]?)").matcher(javaToolOptions());
        assertThat(flag.find()).as("-XX:" + name + " in JAVA_TOOL_OPTIONS").isTrue();
        long value = Long.parseLong(flag.group(1));
        return switch (flag.group(2)) {
            case "k" -> value * 1024;
            case "m" -> value * MIB;
            case "g" -> value * 1024 * MIB;
            default -> value;
        };
    }

    @Test
    void oneBuildStageCompilesAllEightServicesAndEachImageCopiesItsJar() {
        String build = stage("${JDK_IMAGE} AS build");
        // SERVICE must not reach the build stage: then the stage is the same for all eight images and is cached
        assertThat(build).doesNotContain("SERVICE");
        Matcher modules = Pattern.compile("-pl ([a-z,-]+) -am").matcher(build);
        assertThat(modules.find())
                .as("./mvnw -pl <modules> -am in the build stage")
                .isTrue();
        assertThat(Arrays.asList(modules.group(1).split(",")))
                .containsExactlyInAnyOrderElementsOf(ServiceDefaults.NAMES);
        // the shell loop that collects the jars, its continuation lines joined
        assertThat(build.replaceAll("\\s*\\\\\n\\s*", " "))
                .contains("for service in " + String.join(" ", ServiceDefaults.NAMES) + "; do");
        assertThat(stage("${JRE_IMAGE}")).contains("COPY --from=build /jars/${SERVICE}.jar /app/app.jar");
    }

    @Test
    void cacheMountsAreLockedSoThatParallelBuildsDoNotShareAHalfWrittenRepository() {
        Matcher mount = Pattern.compile("--mount=type=cache[^\\s]*").matcher(DOCKERFILE);
        List<String> mounts = new ArrayList<>();
        while (mount.find()) {
            mounts.add(mount.group());
        }
        assertThat(mounts).isNotEmpty().allSatisfy(m -> assertThat(m).contains("sharing=locked"));
    }

    @Test
    void jvmFlagsAreInJavaToolOptionsWhereOperatorsCanChangeThem() {
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (.*)$").matcher(DOCKERFILE);
        assertThat(entrypoint.find()).isTrue();
        assertThat(entrypoint.group(1)).isEqualTo("[\"java\", \"-jar\", \"/app/app.jar\"]");
        assertThat(javaToolOptions())
                .contains("-XX:MaxRAMPercentage=", "-XX:MaxDirectMemorySize=", "-XX:MaxMetaspaceSize=")
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void heapDirectMemoryAndMetaspaceFitTheSmallestMemoryLimitWithRoomForTheRest() {
        List<Long> limits = new ArrayList<>();
        for (String name : ServiceDefaults.NAMES) {
            JsonNode compose =
                    DeployFiles.yaml(DeployFiles.COMPOSE_FILE).path("services").path(name);
            String memory = compose.path("deploy")
                    .path("resources")
                    .path("limits")
                    .path("memory")
                    .asString();
            limits.add(composeBytes(name, memory));
            Container container = KubernetesManifests.load()
                    .deployment(name)
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst();
            limits.add(Quantity.getAmountInBytes(
                            container.getResources().getLimits().get("memory"))
                    .longValueExact());
        }
        long smallest = limits.stream().mapToLong(Long::longValue).min().orElseThrow();
        Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(javaToolOptions());
        assertThat(percent.find()).isTrue();
        long heap = smallest * Long.parseLong(percent.group(1)) / 100;
        long total = heap + flag("MaxDirectMemorySize") + flag("MaxMetaspaceSize");
        assertThat(total)
                .as("heap %d MiB + direct + metaspace at the smallest limit, %d MiB", heap / MIB, smallest / MIB)
                .isLessThanOrEqualTo(smallest - OTHER_NATIVE_MEMORY);
    }

    /** Compose sizes: a number with b, k, m or g (powers of 1024, either case, an optional trailing b). */
    private static long composeBytes(String service, String size) {
        Matcher m = Pattern.compile("(?i)(\\d+)([kmg]?)b?").matcher(size);
        assertThat(m.matches())
                .as(service + " deploy.resources.limits.memory " + size)
                .isTrue();
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase()) {
            case "k" -> value * 1024;
            case "m" -> value * MIB;
            case "g" -> value * 1024 * MIB;
            default -> value;
        };
    }
}
