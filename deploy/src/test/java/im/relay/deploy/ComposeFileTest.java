package im.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ComposeFileTest {

    private static final JsonNode COMPOSE = DeployFiles.yaml(DeployFiles.COMPOSE_FILE);
    private static final JsonNode SERVICES = COMPOSE.get("services");

    private static JsonNode service(String name) {
        JsonNode service = SERVICES.get(name);
        assertThat(service).as("compose service " + name).isNotNull();
        return service;
    }

    private static Set<String> dependencies(String name) {
        return new HashSet<>(service(name).path("depends_on").propertyNames());
    }

    private static Map<String, String> environment(String name) {
        return DeployFiles.flatten(service(name).path("environment"));
    }

    /** The file given to --config, read from the host directory that is mounted where the path points. */
    private static Map<String, String> configFile(String name) {
        List<String> command = service(name).get("command").values().stream()
                .map(JsonNode::asString)
                .toList();
        assertThat(command).as(name + " command").contains("--config");
        String file = command.get(command.indexOf("--config") + 1);
        for (JsonNode volume : service(name).path("volumes").values()) {
            String[] parts = volume.asString().split(":");
            if (file.startsWith(parts[1] + "/")) {
                Path host = DeployFiles.REPOSITORY.resolve(parts[0]).resolve(file.substring(parts[1].length() + 1));
                return DeployFiles.flatten(DeployFiles.yaml(host));
            }
        }
        throw new AssertionError(name + ": no volume holds " + file);
    }

    @Test
    void everyContainerHasAHealthCheck() {
        assertThat(SERVICES.propertyNames()).containsAll(ServiceDefaults.NAMES);
        for (String name : SERVICES.propertyNames()) {
            JsonNode test = service(name).path("healthcheck").path("test");
            assertThat(test.isArray() || test.isString())
                    .as(name + " healthcheck.test")
                    .isTrue();
            assertThat(test.values().stream().map(JsonNode::asString).toList())
                    .as(name + " healthcheck.test")
                    .doesNotContain("NONE");
        }
    }

    @Test
    void everyDependencyWaitsUntilItIsHealthy() {
        for (String name : SERVICES.propertyNames()) {
            JsonNode dependsOn = service(name).path("depends_on");
            assertThat(dependsOn.isMissingNode() || dependsOn.isObject())
                    .as(name + ": depends_on must be the long form with a condition")
                    .isTrue();
            for (Map.Entry<String, JsonNode> dependency : dependsOn.properties()) {
                assertThat(SERVICES.has(dependency.getKey()))
                        .as(name + " depends on " + dependency.getKey())
                        .isTrue();
                assertThat(dependency.getValue().path("condition").asString())
                        .as(name + " → " + dependency.getKey())
                        .isEqualTo("service_healthy");
            }
        }
    }

    @Test
    void dependenciesFormNoCycle() {
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String name : SERVICES.propertyNames()) {
            visit(name, state, new ArrayList<>());
        }
    }

    private static void visit(String name, Map<String, Integer> state, List<String> path) {
        path.add(name);
        Integer seen = state.get(name);
        assertThat(Integer.valueOf(1).equals(seen))
                .as("dependency cycle: " + path)
                .isFalse();
        if (seen == null) {
            state.put(name, 1);
            for (String next : dependencies(name)) {
                visit(next, state, new ArrayList<>(path));
            }
            state.put(name, 2);
        }
    }

    @Test
    void relayServicesAreBuiltFromTheOneDockerfile() {
        assertThat(DeployFiles.read(DeployFiles.MODULE.resolve("Dockerfile"))).contains("ARG SERVICE");
        for (String name : ServiceDefaults.NAMES) {
            JsonNode build = service(name).get("build");
            assertThat(build.path("context").asString()).as(name).isEqualTo(".");
            assertThat(build.path("dockerfile").asString()).as(name).isEqualTo("deploy/Dockerfile");
            assertThat(build.path("args").path("SERVICE").asString()).as(name).isEqualTo(name);
        }
    }

    @Test
    void healthChecksAskEachServiceForItsReadiness() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            String test = String.join(
                    " ",
                    service(service.name()).path("healthcheck").path("test").values().stream()
                            .map(JsonNode::asString)
                            .toList());
            assertThat(test)
                    .as(service.name() + " healthcheck")
                    .contains("http://127.0.0.1:" + service.managementPort() + "/actuator/health/readiness");
        }
    }

    @Test
    void servicesWaitForTheEnginesTheyUse() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Set<String> dependencies = dependencies(service.name());
            Map<String, String> env = environment(service.name());
            assertThat(dependencies).as(service.name()).contains("redis");
            assertThat(env.get("SPRING_DATA_REDIS_URL")).as(service.name()).contains("redis://redis:6379");
            if (service.usesKafka()) {
                assertThat(dependencies).as(service.name()).contains("kafka");
                assertThat(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))
                        .as(service.name())
                        .contains("kafka:9092");
            }
            service.database().ifPresent(database -> {
                assertThat(dependencies).as(service.name()).contains("postgres");
                assertThat(env.get("SPRING_DATASOURCE_URL"))
                        .as(service.name())
                        .startsWith("jdbc:postgresql://")
                        .contains("postgres:5432")
                        .endsWith("/" + database);
                assertThat(DeployFiles.read(DeployFiles.MODULE.resolve("compose/postgres/create-databases.sql")))
                        .contains("CREATE DATABASE " + database + ";");
            });
        }
    }

    @Test
    void grpcChannelsPointAtComposeServicesThatStartFirst() {
        for (ServiceDefaults service : ServiceDefaults.all()) {
            Map<String, String> config = configFile(service.name());
            service.channels().keySet().forEach(channel -> {
                // every channel must be set: the built-in 127.0.0.1 is the container itself
                String address = config.get("spring.grpc.client.channels." + channel + ".address");
                assertThat(address).as(service.name() + " channel " + channel).isNotNull();
                URI target = URI.create(address);
                assertThat(target.getScheme()).isEqualTo("static");
                assertThat(target.getHost())
                        .as(service.name() + " channel " + channel)
                        .isEqualTo(channel);
                assertThat(target.getPort())
                        .isEqualTo(ServiceDefaults.named(channel).grpcPort().orElseThrow());
                // two services that call each other cannot both start first: the one called only later
                // (user-service calls auth-service on a password change) starts before its caller
                if (!dependencies(channel).contains(service.name())) {
                    assertThat(dependencies(service.name())).as(service.name()).contains(channel);
                }
            });
        }
    }

    @Test
    void servicesFetchJwksFromAuthServiceAndTheGatewayRoutesToComposeNames() {
        for (String name : ServiceDefaults.NAMES) {
            if (!name.equals("auth-service")) {
                assertThat(configFile(name).get("relay.auth.jwks-uri"))
                        .as(name)
                        .isEqualTo("http://auth-service:8081/api/auth/jwks");
            }
        }
        Map<String, String> gateway = configFile("gateway-service");
        for (String routed : ServiceDefaults.named("gateway-service").routedServices()) {
            assertThat(gateway.get("spring.cloud.discovery.client.simple.instances." + routed + "[0].uri"))
                    .as("gateway route to " + routed)
                    .isEqualTo("http://" + routed + ":"
                            + ServiceDefaults.named(routed).httpPort());
            assertThat(dependencies("gateway-service")).contains(routed);
        }
    }

    @Test
    void everyVariableTheComposeFileUsesIsDocumentedInEnvExample() {
        String example = DeployFiles.read(DeployFiles.ENV_EXAMPLE);
        Matcher variable = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)")
                .matcher(DeployFiles.read(DeployFiles.COMPOSE_FILE));
        Set<String> names = new HashSet<>();
        while (variable.find()) {
            names.add(variable.group(1));
        }
        assertThat(names).isNotEmpty();
        assertThat(names).allSatisfy(name -> assertThat(example).containsPattern("(?m)^#?" + name + "="));
    }

    @Test
    void secretsComeFromTheEnvironmentFileNotTheComposeFile() {
        Pattern secretName = Pattern.compile("(?i).*(password|secret|token).*");
        for (String name : SERVICES.propertyNames()) {
            environment(name).forEach((key, value) -> {
                if (secretName.matcher(key).matches()) {
                    assertThat(value).as(name + " " + key).matches("\\$\\{[A-Z0-9_]+:\\?.*}");
                }
            });
        }
    }

    @Test
    void noTopLevelNameSoThatComposeV1AndPodmanComposeReadTheFile() {
        assertThat(COMPOSE.has("name"))
                .as("top-level name: (Compose v1 refuses it)")
                .isFalse();
    }

    @Test
    void kafkaHealthCheckOpensTheBrokerPortInsteadOfStartingAJvm() {
        JsonNode kafka = service("kafka");
        String test = String.join(
                " ",
                kafka.path("healthcheck").path("test").values().stream()
                        .map(JsonNode::asString)
                        .toList());
        assertThat(test).doesNotContain("/opt/kafka/bin", "kafka-", "java");
        // the port of the PLAINTEXT listener that the services use (kafka:9092)
        Matcher listener = Pattern.compile("PLAINTEXT://[^:]*:(\\d+)")
                .matcher(environment("kafka").get("KAFKA_LISTENERS"));
        assertThat(listener.find()).isTrue();
        assertThat(test).contains("/dev/tcp/127.0.0.1/" + listener.group(1));
    }

    @Test
    void onlyTheApiGatewayAndTheWebSocketArePublishedOnEveryInterface() {
        Map<String, String> everywhere = Map.of("gateway-service", "8080", "message-gateway", "8090");
        for (String name : SERVICES.propertyNames()) {
            for (JsonNode port : service(name).path("ports").values()) {
                String mapping = port.asString();
                String containerPort =
                        mapping.substring(mapping.lastIndexOf(':') + 1).replace("/tcp", "");
                if (containerPort.equals(everywhere.get(name))) {
                    continue;
                }
                assertThat(mapping).as(name + " publishes " + mapping).startsWith("127.0.0.1:");
            }
        }
        assertThat(everywhere)
                .allSatisfy((name, port) -> assertThat(
                                service(name).path("ports").values().stream().map(JsonNode::asString))
                        .anySatisfy(mapping -> assertThat(mapping).endsWith(":" + port)));
    }

    @Test
    void everyImageCanBeSwappedThroughTheEnvironmentFile() {
        Pattern variable = Pattern.compile("\\$\\{[A-Z_]+:-[^}]+}");
        String dockerfile = DeployFiles.read(DeployFiles.MODULE.resolve("Dockerfile"));
        for (String name : SERVICES.propertyNames()) {
            String image = service(name).path("image").asString();
            if (ServiceDefaults.NAMES.contains(name)) {
                assertThat(image).startsWith("relay/" + name + ":");
                JsonNode args = service(name).path("build").path("args");
                for (String base : List.of("JDK_IMAGE", "JRE_IMAGE")) {
                    // the compose default is the Dockerfile's own
                    Matcher declared =
                            Pattern.compile("(?m)^ARG " + base + "=(\\S+)$").matcher(dockerfile);
                    assertThat(declared.find())
                            .as("ARG " + base + " in the Dockerfile")
                            .isTrue();
                    assertThat(args.path(base).asString())
                            .as(name + " build arg " + base)
                            .isEqualTo("${" + base + ":-" + declared.group(1) + "}");
                }
            } else {
                assertThat(image).as(name + " image").matches(variable);
            }
        }
        // the smoke test's swap sets nothing but such variables
        String compose = DeployFiles.read(DeployFiles.COMPOSE_FILE);
        for (String line : DeployFiles.read(DeployFiles.MODULE.resolve("smoke/local-images.env"))
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList()) {
            String key = line.substring(0, line.indexOf('='));
            assertThat(key).endsWith("_IMAGE");
            assertThat(compose).as("smoke/local-images.env sets " + key).contains("${" + key + ":-");
        }
    }

    @Test
    void privateMessageServerKeepsUploadsOnANamedVolume() {
        String directory = environment("private-message-server").get("RELAY_MEDIA_DIRECTORY");
        assertThat(directory).as("RELAY_MEDIA_DIRECTORY").startsWith("/");
        String volume = service("private-message-server").path("volumes").values().stream()
                .map(JsonNode::asString)
                .filter(v -> v.split(":")[1].equals(directory))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume is mounted at " + directory))
                .split(":")[0];
        assertThat(COMPOSE.path("volumes").has(volume))
                .as(volume + " is a named volume (it outlives the container)")
                .isTrue();
        // the image makes the mount point, owned by its user, so that a new named volume is writable
        assertThat(DeployFiles.read(DeployFiles.MODULE.resolve("Dockerfile")))
                .contains("install -d -o relay -g relay " + directory);
    }
}
