package im.relay.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Environment variables > the --config file > the working directory's config file > built-in defaults, in every
 * format. Each key below is set in the layers down from the one that must win, so a wrong order shows.
 */
class ConfigPrecedenceTest {

    /** No auto-configuration: only the configuration system under test. */
    @SpringBootConfiguration
    static class Probe {}

    record Values(String env, String config, String file, String fallback, int maxItems) {}

    enum Format {
        YAML("yaml"),
        JSON("json"),
        TOML("toml"),
        DOTENV("env");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        String render(Map<String, String> values) {
            StringBuilder text = new StringBuilder();
            switch (this) {
                case YAML -> {
                    text.append("relay:\n  probe:\n");
                    values.forEach((k, v) ->
                            text.append("    ").append(k).append(": ").append(v).append('\n'));
                }
                case JSON -> {
                    text.append("{\"relay\": {\"probe\": {");
                    text.append(String.join(
                            ",",
                            values.entrySet().stream()
                                    .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                                    .toList()));
                    text.append("}}}");
                }
                case TOML -> {
                    text.append("[relay.probe]\n");
                    values.forEach(
                            (k, v) -> text.append(k).append(" = \"").append(v).append("\"\n"));
                }
                case DOTENV ->
                    values.forEach((k, v) -> text.append("RELAY_PROBE_")
                            .append(k.replace("-", "").toUpperCase())
                            .append('=')
                            .append(v)
                            .append('\n'));
            }
            return text.toString();
        }

        String workingDirectoryName() {
            return this == DOTENV ? ".env" : "config." + extension;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Format.class)
    void environmentBeatsConfigFileBeatsWorkingDirectoryBeatsDefaults(Format format) throws Exception {
        Files.writeString(
                dir.resolve(format.workingDirectoryName()),
                format.render(Map.of("env", "file", "config", "file", "file", "file", "max-items", "7")));
        Path configFile = Files.createDirectories(dir.resolve("etc")).resolve("relay." + format.extension);
        Files.writeString(configFile, format.render(Map.of("env", "config", "config", "config")));
        Map<String, String> env = Map.of("RELAY_PROBE_ENV", "env");

        Values values = start(env, "--config", configFile.toString());

        assertThat(values).isEqualTo(new Values("env", "config", "file", "default", 7));
    }

    @Test
    void theFirstDefaultFileFoundWinsInTheDocumentedOrder() throws Exception {
        Files.writeString(dir.resolve(".env"), "RELAY_PROBE_FILE=dotenv\n");
        assertThat(start(Map.of()).file()).isEqualTo("dotenv");
        Files.writeString(dir.resolve("config.toml"), "relay.probe.file = \"toml\"\n");
        assertThat(start(Map.of()).file()).isEqualTo("toml");
        Files.writeString(dir.resolve("config.json"), "{\"relay.probe.file\": \"json\"}");
        assertThat(start(Map.of()).file()).isEqualTo("json");
        Files.writeString(dir.resolve("config.yaml"), "relay.probe.file: yaml\n");
        assertThat(start(Map.of()).file()).isEqualTo("yaml");
    }

    @Test
    void withNoFilesTheBuiltInDefaultsApply() {
        assertThat(start(Map.of())).isEqualTo(new Values("default", "default", "default", "default", 10));
    }

    @Test
    void environmentVariablesUseTheUsualMapping() {
        Values values = start(Map.of("RELAY_PROBE_CONFIG", "from-env", "RELAY_PROBE_MAXITEMS", "3"));

        assertThat(values.config()).isEqualTo("from-env");
        assertThat(values.maxItems()).isEqualTo(3);
    }

    @Test
    void aMalformedWorkingDirectoryFileStopsStartupNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), "relay:\n\tprobe: tab-indented\n");

        assertThatThrownBy(() -> start(Map.of()))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(file + ": malformed YAML at line 2");
    }

    @Test
    void aMissingConfigFileStopsStartup() {
        assertThatThrownBy(() -> start(Map.of(), "--config", "nowhere.toml"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("nowhere.toml: no such file");
    }

    private Values start(Map<String, String> env, String... args) {
        String[] all = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args),
                        java.util.stream.Stream.of("--spring.main.web-application-type=none"))
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = RelayApplication.run(Probe.class, all, env, dir)) {
            return Binder.get(context.getEnvironment()).bindOrCreate("relay.probe", Values.class);
        }
    }
}
