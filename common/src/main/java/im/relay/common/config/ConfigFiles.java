package im.relay.common.config;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one configuration file (YAML, JSON, TOML or .env) into flat property names: nested keys are joined with
 * dots and list items get {@code [i]}, the form Spring binds.
 */
final class ConfigFiles {

    enum Format {
        YAML(YAMLMapper.builder().build()),
        JSON(JsonMapper.builder().build()),
        TOML(TomlMapper.builder().build()),
        /** KEY=value lines; keys are environment-variable style ({@code REDIS_URL}). */
        DOTENV(null);

        private final ObjectMapper mapper;

        Format(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        static Optional<Format> of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return Optional.of(YAML);
            }
            if (name.endsWith(".json")) {
                return Optional.of(JSON);
            }
            if (name.endsWith(".toml")) {
                return Optional.of(TOML);
            }
            if (name.equals(".env") || name.endsWith(".env")) {
                return Optional.of(DOTENV);
            }
            return Optional.empty();
        }
    }

    /** The properties of one file; {@code environmentStyle} when its keys are named like environment variables. */
    record Document(Path file, Map<String, String> properties, boolean environmentStyle) {}

    private ConfigFiles() {}

    static Document read(Path file) {
        Format format = Format.of(file)
                .orElseThrow(() -> new ConfigFileException(
                        file, "unknown format (expected .yaml, .yml, .json, .toml or .env)", null));
        if (!Files.isRegularFile(file)) {
            throw new ConfigFileException(file, "no such file", null);
        }
        return format == Format.DOTENV ? readDotenv(file) : readTree(file, format);
    }

    private static Document readTree(Path file, Format format) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigFileException(file, "cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (text.isBlank()) {
            return new Document(file, properties, false);
        }
        JsonNode root;
        try {
            root = format.mapper.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigFileException(file, "malformed " + format + describe(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Document(file, properties, false);
        }
        if (!root.isObject()) {
            throw new ConfigFileException(
                    file, "malformed " + format + ": the top level must be a mapping of keys", null);
        }
        flatten("", root, properties);
        return new Document(file, properties, false);
    }

    private static String describe(JacksonException e) {
        // YAML errors carry the problem's own position; Jackson's location is where the scanner gave up
        if (e.getCause() instanceof MarkedYamlEngineException yaml
                && yaml.getProblemMark().isPresent()) {
            Mark mark = yaml.getProblemMark().get();
            return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " + yaml.getProblem();
        }
        TokenStreamLocation at = e.getLocation();
        String where =
                at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return where + ": " + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), into);
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node.values()) {
                flatten(prefix + "[" + i++ + "]", item, into);
            }
        } else {
            into.put(prefix, node.isNull() ? "" : node.asString());
        }
    }

    private static Document readDotenv(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            Dotenv dotenv = Dotenv.configure()
                    .directory(absolute.getParent().toString())
                    .filename(absolute.getFileName().toString())
                    .load();
            Map<String, String> properties = new LinkedHashMap<>();
            for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
                properties.put(entry.getKey(), entry.getValue());
            }
            return new Document(file, properties, true);
        } catch (DotenvException e) {
            throw new ConfigFileException(file, "malformed .env: " + e.getMessage(), e);
        }
    }
}
