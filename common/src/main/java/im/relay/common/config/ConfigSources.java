package im.relay.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads the file-based configuration sources in precedence order. Environment variables sit above all of them and
 * the built-in defaults (each service's {@code application.yaml}) below.
 *
 * <p>Every layer always yields two property sources with fixed names, one for dotted keys and one for
 * environment-style keys ({@code REDIS_URL}), even when empty: a refresh then replaces sources in place and the
 * order never changes.
 */
final class ConfigSources {

    /** The file-based layers, highest precedence first. */
    enum Layer {
        CONFIG_FILE("--config"),
        K8S_SECRETS("k8s-secrets"),
        K8S_CONFIG_MAP("k8s-config"),
        WORKING_DIRECTORY("working-directory");

        final String label;

        Layer(String label) {
            this.label = label;
        }

        String sourceName() {
            return "relay:" + label;
        }

        /** Spring binds a source with this suffix by the environment-variable rules (REDIS_URL → redis.url). */
        String environmentStyleSourceName() {
            return "relay:" + label + "-systemEnvironment";
        }
    }

    static final List<String> DEFAULT_FILE_NAMES = List.of("config.yaml", "config.json", "config.toml", ".env");

    private static final Pattern ENVIRONMENT_STYLE_KEY = Pattern.compile("[A-Z0-9_]+");

    private final LaunchOptions options;
    private final Path workingDirectory;

    ConfigSources(LaunchOptions options, Path workingDirectory) {
        this.options = options;
        this.workingDirectory = workingDirectory;
    }

    /** The directories and files to watch for changes. */
    List<Path> watchedDirectories() {
        List<Path> dirs = new ArrayList<>();
        if (options.kubernetes()) {
            dirs.add(options.k8sConfigDir);
            if (Files.isDirectory(options.secretsDir())) {
                dirs.add(options.secretsDir());
            }
        }
        return dirs;
    }

    /**
     * Reads every layer; throws {@link ConfigFileException} naming the first file that is malformed.
     *
     * @return the property sources, highest precedence first
     */
    List<PropertySource<?>> load() {
        List<PropertySource<?>> sources = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            List<ConfigFiles.Document> documents = read(layer);
            Map<String, Object> dotted = new LinkedHashMap<>();
            Map<String, Object> environmentStyle = new LinkedHashMap<>();
            for (ConfigFiles.Document document : documents) {
                (document.environmentStyle() ? environmentStyle : dotted).putAll(document.properties());
            }
            sources.add(new MapPropertySource(layer.sourceName(), dotted));
            sources.add(new SystemEnvironmentPropertySource(layer.environmentStyleSourceName(), environmentStyle));
        }
        return sources;
    }

    private List<ConfigFiles.Document> read(Layer layer) {
        return switch (layer) {
            case CONFIG_FILE ->
                options.configFile == null ? List.of() : List.of(ConfigFiles.read(resolve(options.configFile)));
            case K8S_SECRETS ->
                options.kubernetes() && Files.isDirectory(options.secretsDir())
                        ? readDirectory(options.secretsDir())
                        : List.of();
            case K8S_CONFIG_MAP -> options.kubernetes() ? readDirectory(options.k8sConfigDir) : List.of();
            case WORKING_DIRECTORY ->
                DEFAULT_FILE_NAMES.stream()
                        .map(workingDirectory::resolve)
                        .filter(Files::isRegularFile)
                        .findFirst()
                        .map(file -> List.of(ConfigFiles.read(file)))
                        .orElse(List.of());
        };
    }

    private Path resolve(Path file) {
        return workingDirectory.resolve(file);
    }

    /**
     * A mounted ConfigMap or Secret: each visible file is either a whole config file (by its extension) or one key
     * whose value is the file's content. The kubelet's own entries ({@code ..data}, {@code ..2026_...}) start with
     * dots and are skipped; the visible names are symlinks through {@code ..data}, so an update is an atomic swap.
     */
    static List<ConfigFiles.Document> readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigFileException(dir, "is not a directory", null);
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(path -> !path.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigFileException(dir, "cannot be listed: " + e.getMessage(), e);
        }
        List<ConfigFiles.Document> documents = new ArrayList<>();
        Map<String, String> dotted = new LinkedHashMap<>();
        Map<String, String> environmentStyle = new LinkedHashMap<>();
        for (Path file : files) {
            if (ConfigFiles.Format.of(file).isPresent()) {
                documents.add(ConfigFiles.read(file));
                continue;
            }
            String key = file.getFileName().toString();
            String value;
            try {
                value = Files.readString(file).replaceFirst("\\R+\\z", "");
            } catch (IOException e) {
                throw new ConfigFileException(file, "cannot be read: " + e.getMessage(), e);
            }
            (ENVIRONMENT_STYLE_KEY.matcher(key).matches() ? environmentStyle : dotted).put(key, value);
        }
        // single keys win over whole files in the same directory
        documents.add(new ConfigFiles.Document(dir, dotted, false));
        documents.add(new ConfigFiles.Document(dir, environmentStyle, true));
        return documents;
    }
}
