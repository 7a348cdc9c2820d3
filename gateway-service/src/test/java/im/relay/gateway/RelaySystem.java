package im.relay.gateway;

import im.relay.auth.AuthServiceApplication;
import im.relay.common.testing.MutableClock;
import im.relay.common.testing.TestServices;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import im.relay.friend.FriendServiceApplication;
import im.relay.group.GroupServiceApplication;
import im.relay.user.UserServiceApplication;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The identity, friend and group services, each a real Spring Boot application on its own ports in this JVM, on the
 * shared PostgreSQL, Redis and Kafka: what the gateway routes to. Started once per JVM, stopped with it. user-service
 * runs twice, so that the gateway has two instances to balance over. Last, the gateway in front of them.
 */
final class RelaySystem {

    private static RelaySystem started;

    final int authHttpPort = TestServices.freePort();
    final ConfigurableApplicationContext users1;
    final ConfigurableApplicationContext users2;
    final ConfigurableApplicationContext auth;
    final ConfigurableApplicationContext friends;
    final ConfigurableApplicationContext groups;
    final ConfigurableApplicationContext gateway;
    final EchoServer echo;

    private RelaySystem() {
        String jwks = "http://127.0.0.1:" + authHttpPort + "/api/auth/jwks";
        users1 = TestServices.start(UserServiceApplication.class, service("system_users", jwks, false));
        users2 = TestServices.start(UserServiceApplication.class, service("system_users", jwks, false));
        String userGrpc = "static://127.0.0.1:" + TestServices.grpcPort(users1);
        Map<String, String> authProperties = service("system_auth", jwks, true);
        authProperties.put("server.port", Integer.toString(authHttpPort));
        authProperties.put("spring.grpc.client.channels.user-service.address", userGrpc);
        auth = TestServices.start(AuthServiceApplication.class, authProperties, AuthClock.class);
        Map<String, String> friendProperties = service("system_friends", jwks, true);
        friendProperties.put("spring.grpc.client.channels.user-service.address", userGrpc);
        friends = TestServices.start(FriendServiceApplication.class, friendProperties);
        Map<String, String> groupProperties = service("system_groups", jwks, true);
        groupProperties.put("spring.grpc.client.channels.user-service.address", userGrpc);
        groups = TestServices.start(GroupServiceApplication.class, groupProperties);
        echo = EchoServer.start();
        System.setProperty("relay.test.echo-uri", echo.uri());
        gateway = TestServices.start(GatewayServiceApplication.class, gatewayProperties(jwks), TestRoutes.class);
    }

    /**
     * The gateway shares this JVM's classpath with the services it fronts, so it is told to be reactive and to leave
     * databases alone. It trusts one X-Forwarded-For hop, so that each test poses as a client address of its own.
     */
    private Map<String, String> gatewayProperties(String jwks) {
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.main.web-application-type", "reactive");
        properties.put(
                "spring.autoconfigure.exclude",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
        properties.put("spring.data.redis.url", Engines.shared().redis().url());
        properties.put("relay.auth.jwks-uri", jwks);
        properties.put("relay.gateway.trusted-proxies", "1");
        instances(properties, "auth-service", List.of(auth));
        instances(properties, "user-service", List.of(users1, users2));
        instances(properties, "friend-service", List.of(friends));
        instances(properties, "group-service", List.of(groups));
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

    static synchronized RelaySystem start() {
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

    private static Map<String, String> service(String database, String jwks, boolean kafka) {
        Map<String, String> properties = new HashMap<>(EngineProperties.forPurpose(database));
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put("relay.auth.jwks-uri", jwks);
        // Spring Cloud Gateway is on this shared classpath; the services are not gateways
        properties.put("spring.cloud.gateway.server.webflux.enabled", "false");
        properties.put(
                "spring.autoconfigure.exclude",
                "org.springframework.cloud.gateway.config.GatewayRedisAutoConfiguration");
        if (kafka) {
            properties.put(
                    "spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        }
        return properties;
    }

    private void stop() {
        for (ConfigurableApplicationContext context : List.of(gateway, groups, friends, auth, users2, users1)) {
            context.close();
        }
        echo.close();
    }
}
