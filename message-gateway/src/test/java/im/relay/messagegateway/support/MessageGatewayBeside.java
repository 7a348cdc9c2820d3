package im.relay.messagegateway.support;

import im.relay.common.testing.TestServices;
import im.relay.engines.Engines;
import im.relay.messagegateway.MessageGatewayApplication;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real message-gateway node started in the JVM of another service's tests (shared through message-gateway's test
 * jar), e.g. friend-service's, whose friend lists ask it who is online:
 *
 * <pre>{@code
 * MessageGatewayBeside gateway = MessageGatewayBeside.start(tokens.jwksUri(), Map.of("friend-service", address));
 * registry.add("spring.grpc.client.channels.message-gateway.address", gateway::grpcAddress);
 * try (WsClient socket = gateway.connect(token)) { ... }
 * }</pre>
 *
 * The services it calls and {@code channels} does not name are never reached in such a test (their channels point
 * at a port nobody listens on).
 */
public final class MessageGatewayBeside implements AutoCloseable {

    private final ConfigurableApplicationContext node;

    private MessageGatewayBeside(ConfigurableApplicationContext node) {
        this.node = node;
    }

    /** Trusting the tokens whose keys {@code jwksUri} publishes; channel name → {@code static://host:port}. */
    public static MessageGatewayBeside start(URI jwksUri, Map<String, String> channels) {
        String nowhere = "static://127.0.0.1:" + TestServices.freePort();
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put("spring.data.redis.url", Engines.shared().redis().url());
        properties.put(
                "spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        properties.put("relay.auth.jwks-uri", jwksUri.toString());
        properties.put("relay.message-gateway.cluster.secret", "test-" + UUID.randomUUID());
        for (String service :
                new String[] {"private-message-server", "group-message-server", "friend-service", "group-service"}) {
            properties.put(
                    "spring.grpc.client.channels." + service + ".address", channels.getOrDefault(service, nowhere));
        }
        // a reactive application on another service's (servlet, JDBC, Flyway) test classpath
        properties.put("spring.main.web-application-type", "reactive");
        properties.put(
                "spring.autoconfigure.exclude",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + TestServices.TOMCAT_MANAGEMENT);
        return new MessageGatewayBeside(TestServices.start(MessageGatewayApplication.class, properties));
    }

    /** Where the other service's gRPC client finds it. */
    public String grpcAddress() {
        return "static://127.0.0.1:" + TestServices.grpcPort(node);
    }

    /** A WebSocket of the user whose access token this is, as the web page opens one. */
    public WsClient connect(String token) {
        return GatewayCluster.connect(TestServices.httpPort(node), token, "WEB");
    }

    @Override
    public void close() {
        node.close();
    }
}
