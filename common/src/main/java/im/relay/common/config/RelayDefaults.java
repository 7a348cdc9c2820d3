package im.relay.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the platform's defaults ({@code relay-defaults.yaml}: observability, gRPC server, logging) below each
 * service's own {@code application.yaml}, so every layer above may override them.
 */
final class RelayDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "relay:platform-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        MutablePropertySources sources = environment.getPropertySources();
        if (sources.contains(SOURCE_NAME)) {
            return;
        }
        // The service identity had to come before config data (it names the config files); now that those are
        // read, it moves below them so that a service's yaml may override its defaults (e.g. the Flyway folder).
        PropertySource<?> identity = sources.remove(ServiceIdentity.SOURCE_NAME);
        List<PropertySource<?>> lowest = new ArrayList<>(load());
        if (identity != null) {
            lowest.add(identity);
        }
        for (PropertySource<?> defaults : lowest) {
            if (sources.contains("defaultProperties")) {
                sources.addBefore("defaultProperties", defaults);
            } else {
                sources.addLast(defaults);
            }
        }
    }

    private static List<PropertySource<?>> load() {
        try {
            return new YamlPropertySourceLoader()
                    .load(
                            SOURCE_NAME,
                            new ClassPathResource("relay-defaults.yaml", RelayDefaults.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After Spring Boot's config data, so that the services' application.yaml ranks above. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
