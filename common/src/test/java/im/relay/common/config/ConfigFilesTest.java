package im.relay.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {

    @TempDir
    Path dir;

    @Test
    void flattensNestedYamlWithListsIntoSpringPropertyNames() throws Exception {
        Path file = write("config.yaml", """
                relay:
                  limits:
                    max-items: 5
                  hosts: [a, b]
                logging.level.im.relay: DEBUG
                empty: null
                """);

        assertThat(ConfigFiles.read(file).properties())
                .containsEntry("relay.limits.max-items", "5")
                .containsEntry("relay.hosts[0]", "a")
                .containsEntry("relay.hosts[1]", "b")
                .containsEntry("logging.level.im.relay", "DEBUG")
                .containsEntry("empty", "");
    }

    @Test
    void readsJsonTomlAndDotenvAlike() throws Exception {
        assertThat(ConfigFiles.read(write("c.json", "{\"relay\":{\"limits\":{\"max-items\":5}}}"))
                        .properties())
                .containsEntry("relay.limits.max-items", "5");
        assertThat(ConfigFiles.read(write("c.toml", "[relay.limits]\nmax-items = 5\n"))
                        .properties())
                .containsEntry("relay.limits.max-items", "5");
        ConfigFiles.Document dotenv = ConfigFiles.read(write(".env", "# comment\nREDIS_URL=redis://r:6379\n"));
        assertThat(dotenv.environmentStyle()).isTrue();
        assertThat(dotenv.properties()).containsExactlyEntriesOf(java.util.Map.of("REDIS_URL", "redis://r:6379"));
    }

    @Test
    void anEmptyFileHasNoProperties() throws Exception {
        assertThat(ConfigFiles.read(write("config.yaml", "\n")).properties()).isEmpty();
    }

    @Test
    void malformedYamlNamesTheFileAndTheLine() throws Exception {
        Path file = write("config.yaml", "relay:\n  limits: [1, 2\n  other: x\n");

        assertThatThrownBy(() -> ConfigFiles.read(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(file + ": malformed YAML at line ");
    }

    @Test
    void malformedTomlNamesTheFileAndTheLine() throws Exception {
        Path file = write("config.toml", "[relay]\nmax-items = = 5\n");

        assertThatThrownBy(() -> ConfigFiles.read(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(file + ": malformed TOML at line 2");
    }

    @Test
    void malformedJsonNamesTheFileAndTheLine() throws Exception {
        Path file = write("config.json", "{\n  \"relay\": {\"a\": 1,}\n}");

        assertThatThrownBy(() -> ConfigFiles.read(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(file + ": malformed JSON at line 2");
    }

    @Test
    void aTopLevelListIsRefused() throws Exception {
        Path file = write("config.yaml", "- a\n- b\n");

        assertThatThrownBy(() -> ConfigFiles.read(file)).hasMessageContaining("top level must be a mapping");
    }

    @Test
    void malformedDotenvNamesTheFile() throws Exception {
        Path file = write(".env", "JUST_A_KEY_WITHOUT_VALUE\n");

        assertThatThrownBy(() -> ConfigFiles.read(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(file + ": malformed .env");
    }

    @Test
    void anUnknownExtensionOrMissingFileIsRefused() {
        assertThatThrownBy(() -> ConfigFiles.read(dir.resolve("config.ini"))).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> ConfigFiles.read(dir.resolve("absent.yaml"))).hasMessageContaining("no such file");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
