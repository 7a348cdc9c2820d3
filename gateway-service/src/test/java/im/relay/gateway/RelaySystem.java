package im.relay.gateway;

import im.relay.auth.AuthServiceApplication;
import im.relay.common.testing.MutableClock;
import im.relay.common.testing.TestServices;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import im.relay.friend.FriendServiceApplication;
import im.relay.group.GroupServiceApplication;
import im.relay.groupmessage.GroupMessageServerApplication;
import im.relay.messagegateway.MessageGatewayApplication;
import im.relay.privatemessage.PrivateMessageServerApplication;
import im.relay.user.UserServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Every service, each a real Spring Boot application on its own ports in this JVM, on the shared PostgreSQL and Redis
 * and a Kafka broker of this system's own (which a test may stop and start again): what the gateway routes to.
 * Started once per JVM, stopped with it. user-service runs twice, so that the gateway has two instances to balance
 * over; each message server runs twice, and so does message-gateway (node 1 calls the first instance of each message
 * server, node 2 the second). Last, the gateway in front of them. Other modules' tests (the clients') use it through
 * this module's test jar.
 */
public final class RelaySystem {

    private static RelaySystem started;

    final int authHttpPort = TestServices.freePort();
    final int authGrpcPort = TestServices.freePort();
    /** Node 1 of message-gateway, which friend-service (started before it) asks for presence. */
    final int messageGatewayGrpcPort = TestServices.freePort();

    final ConfigurableApplicationContext users1;
    final ConfigurableApplicationContext users2;
    final ConfigurableApplicationContext auth;
    final ConfigurableApplicationContext friends;
    final ConfigurableApplicationContext groups;
    final List<ConfigurableApplicationContext> privateMessages = new ArrayList<>();
    final List<ConfigurableApplicationContext> groupMessages = new ArrayList<>();
    final List<ConfigurableApplicationContext> messageGateways = new ArrayList<>();
    final ConfigurableApplicationContext gateway;
    final RestartableKafka kafka = RestartableKafka.start();
    private final Map<ConfigurableApplicationContext, Started> restartable = new HashMap<>();
    /** The message-gateway nodes' shared secret, made up per run as an operator would. */
    private final String clusterSecret = java.util.UUID.randomUUID().toString();

    private record Started(Class<?> application, Map<String, String> properties) {}

    final EchoServer echo;

    private RelaySystem() {
        String jwks = "http://127.0.0.1:" + authHttpPort + "/api/auth/jwks";
        Map<String, String> userProperties = service("system_users", jwks, true);
        // a password change ends the other sessions in auth-service, which starts after user-service
        userProperties.put("spring.grpc.client.channels.auth-service.address", "static://127.0.0.1:" + authGrpcPort);
        users1 = TestServices.start(UserServiceApplication.class, userProperties);
        users2 = TestServices.start(UserServiceApplication.class, userProperties);
        String userGrpc = "static://127.0.0.1:" + TestServices.grpcPort(users1);
        Map<String, String> authProperties = service("system_auth", jwks, true);
        authProperties.put("server.port", Integer.toString(authHttpPort));
        authProperties.put("spring.grpc.server.port", Integer.toString(authGrpcPort));
        authProperties.put("spring.grpc.client.channels.user-service.address", userGrpc);
        auth = TestServices.start(AuthServiceApplication.class, authProperties, AuthClock.class);
        Map<String, String> friendProperties = service("system_friends", jwks, true);
        friendProperties.put("spring.grpc.client.channels.user-service.address", userGrpc);
        friendProperties.put(
                "spring.grpc.client.channels.message-gateway.address", "static://127.0.0.1:" + messageGatewayGrpcPort);
        friends = TestServices.start(FriendServiceApplication.class, friendProperties);
        Map<String, String> groupProperties = service("system_groups", jwks, true);
        groupProperties.put("spring.grpc.client.channels.user-service.address", userGrpc);
        groupProperties.put("spring.grpc.client.channels.friend-service.address", grpc(friends));
        groups = TestServices.start(GroupServiceApplication.class, groupProperties);
        Path media = temporaryDirectory("relay-system-media");
        for (int i = 0; i < 2; i++) {
            Map<String, String> privateProperties = service("system_private_messages", jwks, true);
            // both instances serve the uploads: one database, one store
            privateProperties.put("relay.media.directory", media.toString());
            privateProperties.put("spring.grpc.client.channels.user-service.address", userGrpc);
            privateProperties.put("spring.grpc.client.channels.friend-service.address", grpc(friends));
            privateProperties.put("spring.grpc.client.channels.group-service.address", grpc(groups));
            privateProperties.put("relay.message-gateway.cluster.secret", clusterSecret);
            privateMessages.add(start(PrivateMessageServerApplication.class, privateProperties));
            Map<String, String> groupMessageProperties = service("system_group_messages", jwks, true);
            groupMessageProperties.put("spring.grpc.client.channels.group-service.address", grpc(groups));
            groupMessageProperties.put(
                    "spring.grpc.client.channels.private-message-server.address", grpc(privateMessages.get(i)));
            groupMessageProperties.put("relay.message-gateway.cluster.secret", clusterSecret);
            groupMessages.add(start(GroupMessageServerApplication.class, groupMessageProperties));
        }
        for (int i = 0; i < 2; i++) {
            messageGateways.add(startMessageGateway(jwks, i));
        }
        echo = EchoServer.start();
        System.setProperty("relay.test.echo-uri", echo.uri());
        gateway = TestServices.start(GatewayServiceApplication.class, gatewayProperties(jwks), TestRoutes.class);
    }

    /** Node {@code i} of message-gateway, calling instance {@code i} of each message server. */
    ConfigurableApplicationContext startMessageGateway(String jwks, int i) {
        Map<String, String> properties = reactive(jwks);
        properties.put("spring.grpc.server.port", i == 0 ? Integer.toString(messageGatewayGrpcPort) : "0");
        properties.put("spring.cloud.gateway.server.webflux.enabled", "false");
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.grpc.client.channels.private-message-server.address", grpc(privateMessages.get(i)));
        properties.put("spring.grpc.client.channels.group-message-server.address", grpc(groupMessages.get(i)));
        properties.put("spring.grpc.client.channels.friend-service.address", grpc(friends));
        properties.put("spring.grpc.client.channels.group-service.address", grpc(groups));
        // the tests send as fast as acks come back; the limit itself is tested in message-gateway's ITs
        properties.put("relay.message-gateway.limits.send.rate", "2000");
        properties.put("relay.message-gateway.limits.send.burst", "2000");
        properties.put("relay.message-gateway.cluster.secret", clusterSecret);
        return start(MessageGatewayApplication.class, properties);
    }

    /**
     * A service that {@link #restart} may stop and start again on the same ports: ports picked outside the kernel's
     * ephemeral range, which an outgoing connection could take while the service is down.
     */
    private ConfigurableApplicationContext start(Class<?> application, Map<String, String> configured) {
        Map<String, String> properties = new HashMap<>(configured);
        for (String port : List.of("server.port", "spring.grpc.server.port")) {
            if ("0".equals(properties.getOrDefault(port, "0"))) {
                properties.put(port, Integer.toString(TestServices.freePort()));
            }
        }
        ConfigurableApplicationContext context = TestServices.start(application, properties);
        restartable.put(context, new Started(application, properties));
        return context;
    }

    /**
     * Moves instance {@code i} of a service into a JVM of its own, on the same ports and configuration, so that a test
     * can kill it as {@code kill -9} does; {@link #bringBack} returns it in-process.
     */
    ChildService moveToChildProcess(List<ConfigurableApplicationContext> instances, int i) {
        ConfigurableApplicationContext old = instances.get(i);
        Map<String, String> properties = new HashMap<>(restartable.get(old).properties());
        properties.put("server.port", Integer.toString(TestServices.httpPort(old)));
        properties.put("spring.grpc.server.port", Integer.toString(TestServices.grpcPort(old)));
        properties.put("management.server.port", "0");
        Class<?> application = restartable.get(old).application();
        old.close();
        return ChildService.start(application, properties);
    }

    /** Stops the child process and starts instance {@code i} in-process again, as it was. */
    void bringBack(List<ConfigurableApplicationContext> instances, int i, ChildService child) {
        child.close();
        restartable.remove(instances.get(i));
        instances.set(i, start(child.application(), child.properties()));
    }

    /**
     * Stops instance {@code i} of a service started by {@link #start} (its shutdown, as a rolling restart would) and
     * starts it again on the same ports, so that whoever knew its address reaches it again.
     */
    void restart(List<ConfigurableApplicationContext> instances, int i, Runnable whileDown) {
        ConfigurableApplicationContext old = instances.get(i);
        Started was = restartable.remove(old);
        Map<String, String> properties = new HashMap<>(was.properties());
        properties.put("server.port", Integer.toString(TestServices.httpPort(old)));
        properties.put("spring.grpc.server.port", Integer.toString(TestServices.grpcPort(old)));
        old.close();
        try {
            whileDown.run();
        } finally {
            instances.set(i, start(was.application(), properties));
        }
    }

    /** A reactive application on this servlet-heavy classpath: no database, the shared Redis. */
    private static Map<String, String> reactive(String jwks) {
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.main.web-application-type", "reactive");
        properties.put(
                "spring.autoconfigure.exclude",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration,"
                        + TestServices.TOMCAT_MANAGEMENT);
        properties.put("spring.data.redis.url", Engines.shared().redis().url());
        properties.put("relay.auth.jwks-uri", jwks);
        return properties;
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String grpc(ConfigurableApplicationContext service) {
        return "static://127.0.0.1:" + TestServices.grpcPort(service);
    }

    /**
     * The gateway shares this JVM's classpath with the services it fronts, so it is told to be reactive and to leave
     * databases alone. It trusts one X-Forwarded-For hop, so that each test poses as a client address of its own.
     */
    private Map<String, String> gatewayProperties(String jwks) {
        Map<String, String> properties = reactive(jwks);
        properties.put(
                "spring.autoconfigure.exclude",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + TestServices.TOMCAT_MANAGEMENT);
        properties.put("relay.gateway.trusted-proxies", "1");
        instances(properties, "auth-service", List.of(auth));
        instances(properties, "user-service", List.of(users1, users2));
        instances(properties, "friend-service", List.of(friends));
        instances(properties, "group-service", List.of(groups));
        instances(properties, "message-gateway", messageGateways);
        instances(properties, "private-message-server", privateMessages);
        properties.put(
                "spring.cloud.discovery.client.simple.instances.dead-service[0].uri",
                "http://127.0.0.1:" + TestServices.freePort());
        return properties;
    }

    /** A route to a service nobody runs, and one to a server that answers with the headers it received. */
    static class TestRoutes {
        @Bean
        RouteLocator testRoutes(RouteLocatorBuilder routes) {
            return routes.routes()
                    .route("dead", route -> route.path("/api/dead/**").uri("lb://dead-service"))
                    .route("echo", route -> route.path("/api/echo/**").uri(System.getProperty("relay.test.echo-uri")))
                    .build();
        }
    }

    /** auth-service's clock, which tests move to mint tokens that are already expired. */
    // not a @Configuration: the gateway's component scan would pick it up; passed as a source, its @Bean still counts
    static class AuthClock {
        @Bean
        MutableClock clock() {
            return new MutableClock();
        }
    }

    MutableClock authClock() {
        return auth.getBean(MutableClock.class);
    }

    /** The API gateway's address, as a client would be given it: {@code http://127.0.0.1:port}. */
    public URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + TestServices.httpPort(gateway));
    }

    /** The first message-gateway node's WebSocket, {@code ws://127.0.0.1:port/ws}: what a client may open directly. */
    public URI messageGatewayWebSocket() {
        return URI.create("ws://127.0.0.1:" + TestServices.httpPort(messageGateways.get(0)) + "/ws");
    }

    public static synchronized RelaySystem start() {
        if (started == null) {
            started = new RelaySystem();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return started;
    }

    private static void instances(
            Map<String, String> properties, String service, List<ConfigurableApplicationContext> contexts) {
        for (int i = 0; i < contexts.size(); i++) {
            properties.put(
                    "spring.cloud.discovery.client.simple.instances." + service + "[" + i + "].uri",
                    "http://127.0.0.1:" + TestServices.httpPort(contexts.get(i)));
        }
    }

    private Map<String, String> service(String database, String jwks, boolean withKafka) {
        Map<String, String> properties = new HashMap<>(EngineProperties.forPurpose(database));
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put("relay.auth.jwks-uri", jwks);
        // nine pools on one PostgreSQL: small ones, so that a second system (another module's tests) fits beside
        properties.put("spring.datasource.hikari.maximum-pool-size", "4");
        // Spring Cloud Gateway is on this shared classpath; the services are not gateways
        properties.put("spring.cloud.gateway.server.webflux.enabled", "false");
        properties.put(
                "spring.autoconfigure.exclude",
                "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration");
        if (withKafka) {
            properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        }
        return properties;
    }

    private void stop() {
        List<ConfigurableApplicationContext> contexts = new ArrayList<>(List.of(gateway));
        contexts.addAll(messageGateways);
        contexts.addAll(groupMessages);
        contexts.addAll(privateMessages);
        contexts.addAll(List.of(groups, friends, auth, users2, users1));
        contexts.forEach(ConfigurableApplicationContext::close);
        echo.close();
        kafka.close();
    }
}
