package im.relay.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * The eight services as their own built-in defaults describe them ({@code <module>/src/main/resources/<service>.yaml}):
 * ports (the management port, where probes and /actuator/prometheus answer, is a port of its own), database, gRPC channels, whether they use Kafka. The deployment files are checked against these, so a port
 * or channel changed in a service and not in its deployment fails here.
 */
record ServiceDefaults(
        String name,
        int httpPort,
        int managementPort,
        OptionalInt grpcPort,
        Optional<String> database,
        boolean usesKafka,
        Map<String, Integer> channels,
        List<String> routedServices) {

    static final List<String> NAMES = List.of(
            "auth-service",
            "user-service",
            "friend-service",
            "group-service",
            "private-message-server",
            "group-message-server",
            "message-gateway",
            "gateway-service");

    static List<ServiceDefaults> all() {
        return NAMES.stream().map(ServiceDefaults::of).toList();
    }

    /**
     * The services that call this one's gRPC port: those whose channels name it, and for message-gateway its own
     * nodes as well (Deliver, CloseSessions), which find each other through the route table, not a channel.
     */
    List<String> grpcCallers() {
        List<String> callers = new ArrayList<>(all().stream()
                .filter(caller -> caller.channels().containsKey(name))
                .map(ServiceDefaults::name)
                .toList());
        if (name.equals("message-gateway")) {
            callers.add("message-gateway");
        }
        return callers;
    }

    static ServiceDefaults named(String name) {
        return of(name);
    }

    static ServiceDefaults of(String name) {
        JsonNode root = DeployFiles.yaml(DeployFiles.REPOSITORY
                .resolve(name)
                .resolve("src/main/resources")
                .resolve(name + ".yaml"));
        boolean grpcServer =
                !root.at("/spring/grpc/server/enabled").asString("true").equals("false");
        JsonNode grpcPort = root.at("/spring/grpc/server/port");
        JsonNode url = root.at("/spring/datasource/url");
        Map<String, Integer> channels = new LinkedHashMap<>();
        root.at("/spring/grpc/client/channels")
                .properties()
                .forEach(channel -> channels.put(
                        channel.getKey(),
                        URI.create(channel.getValue().get("address").asString()).getPort()));
        List<String> routed = root.at("/spring/cloud/discovery/client/simple/instances").propertyNames().stream()
                .toList();
        return new ServiceDefaults(
                name,
                root.at("/server/port").asInt(),
                root.at("/management/server/port").asInt(root.at("/server/port").asInt()),
                grpcServer && !grpcPort.isMissingNode() ? OptionalInt.of(grpcPort.asInt()) : OptionalInt.empty(),
                url.isMissingNode()
                        ? Optional.empty()
                        : Optional.of(url.asString().replaceAll(".*/", "")),
                !root.at("/spring/kafka/bootstrap-servers").isMissingNode(),
                Map.copyOf(channels),
                routed);
    }
}
