package im.relay.common.testing;

import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real services a cross-service test runs beside the one it tests, each a Spring Boot application in the test's
 * JVM on random ports, a database of its own, the shared Redis and Kafka, trusting the test's token issuer; closed
 * together, the last started first (shared through relay-common's test jar):
 *
 * <pre>{@code
 * ServiceStack stack = new ServiceStack(tokens.jwksUri());
 * ConfigurableApplicationContext friends =
 *         stack.start(FriendServiceApplication.class, "pm_friends", Map.of("user-service", users.grpcAddress()));
 * stack.start(PrivateMessageServerApplication.class, "pm_messages",
 *         Map.of("friend-service", ServiceStack.grpcAddress(friends)), Clocks.class);
 * stack.close();
 * }</pre>
 */
public final class ServiceStack implements AutoCloseable {

    /** message-gateway's cluster secret, given to every service of the stack (the message servers' send stream). */
    public static final String CLUSTER_SECRET = "service-stack-" + java.util.UUID.randomUUID();

    private final URI jwksUri;
    private final Deque<ConfigurableApplicationContext> started = new ArrayDeque<>();

    public ServiceStack(URI jwksUri) {
        this.jwksUri = jwksUri;
    }

    /**
     * Starts {@code application} on the database {@code purpose}, with a gRPC channel to each address of
     * {@code channels} (channel name → {@code static://host:port}), and {@code extraSources} as more configuration.
     */
    public ConfigurableApplicationContext start(
            Class<?> application, String purpose, Map<String, String> channels, Class<?>... extraSources) {
        return start(application, purpose, channels, Map.of(), extraSources);
    }

    /** As {@link #start(Class, String, Map, Class[])}, with {@code settings} on top of the stack's own. */
    public ConfigurableApplicationContext start(
            Class<?> application,
            String purpose,
            Map<String, String> channels,
            Map<String, String> settings,
            Class<?>... extraSources) {
        Map<String, String> properties = new HashMap<>(EngineProperties.forPurpose(purpose));
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put(
                "spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        properties.put("relay.auth.jwks-uri", jwksUri.toString());
        properties.put("relay.message-gateway.cluster.secret", CLUSTER_SECRET);
        channels.forEach(
                (channel, address) -> properties.put("spring.grpc.client.channels." + channel + ".address", address));
        properties.putAll(settings);
        ConfigurableApplicationContext context = TestServices.start(application, properties, extraSources);
        started.push(context);
        return context;
    }

    /** Where a gRPC channel finds {@code service}: {@code static://127.0.0.1:port}. */
    public static String grpcAddress(ConfigurableApplicationContext service) {
        return "static://127.0.0.1:" + TestServices.grpcPort(service);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }
}
