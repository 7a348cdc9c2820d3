package im.relay.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Where the deployment files are, and how the tests read them (Jackson, as the services read their own config). */
final class DeployFiles {

    /** deploy/: Surefire runs in the module directory and says so in {@code basedir}. */
    static final Path MODULE =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

    static final Path REPOSITORY = MODULE.getParent();
    static final Path K8S = MODULE.resolve("k8s");
    static final Path K8S_BASE = K8S.resolve("base");
    static final Path COMPOSE_FILE = REPOSITORY.resolve("docker-compose.yml");
    static final Path ENV_EXAMPLE = REPOSITORY.resolve(".env.example");
    static final Path DASHBOARDS = MODULE.resolve("grafana/dashboards");

    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private DeployFiles() {}

    static JsonNode yaml(Path file) {
        return YAML.readTree(read(file));
    }

    static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML tree as Spring-style dotted keys: {@code spring.grpc.client.channels.user-service.address}. */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> into = new LinkedHashMap<>();
        flatten("", node, into);
        return into;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.put(prefix, node.isNull() ? "" : node.asString());
        }
    }
}
