package im.relay.common.testing;

import im.relay.engines.FreePorts;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a real neighbour service in the test's JVM, the way cross-service tests need them:
 *
 * <pre>{@code
 * ConfigurableApplicationContext users = TestServices.start(UserServiceApplication.class, Map.of(
 *         "spring.datasource.url", db.jdbcUrl(), "server.port", "0", "spring.grpc.server.port", "0"));
 * int grpcPort = TestServices.grpcPort(users);
 * }</pre>
 */
public final class TestServices {

    /**
     * For a reactive service on a classpath that also holds Tomcat (another service's): with a management port of its
     * own, both Tomcat's and Netty's reactive management contexts would be configured, and the second fails.
     */
    public static final String TOMCAT_MANAGEMENT =
            "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration";

    private TestServices() {}

    public static ConfigurableApplicationContext start(Class<?> application, Map<String, String> properties) {
        return start(application, properties, new Class<?>[0]);
    }

    /** With extra configuration classes, e.g. one that supplies a {@link MutableClock}. */
    public static ConfigurableApplicationContext start(
            Class<?> application, Map<String, String> properties, Class<?>... extraSources) {
        Map<String, String> all = new HashMap<>(properties);
        // each service has a fixed management port of its own (HTTP port + 10000): a random one here, as server.port
        all.putIfAbsent("management.server.port", "0");
        String[] args = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .sources(extraSources)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new OwnReactorResources()))
                .run(args);
    }

    public static int httpPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Where /actuator answers (probes, /actuator/prometheus): the management port, never the HTTP port. */
    public static int managementPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    public static int grpcPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.grpc.port", Integer.class);
    }

    /** A port free now, for a service whose address others must know before it starts ({@link FreePorts}). */
    public static int freePort() {
        return FreePorts.take();
    }
}
