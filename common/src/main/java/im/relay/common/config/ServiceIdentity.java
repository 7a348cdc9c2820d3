package im.relay.common.config;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Applies {@link RelayService}: before Spring Boot reads its config files, point it at the service's own defaults
 * file and Flyway folder. Lowest precedence, so any configuration layer may still override them.
 */
final class ServiceIdentity implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "relay:service-identity";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        application.getAllSources().stream()
                .filter(source -> source instanceof Class<?>)
                .map(source -> AnnotatedElementUtils.findMergedAnnotation((Class<?>) source, RelayService.class))
                .filter(annotation -> annotation != null)
                .findFirst()
                .ifPresent(service -> environment
                        .getPropertySources()
                        .addLast(new MapPropertySource(
                                SOURCE_NAME,
                                Map.of(
                                        "spring.config.name", service.value(),
                                        "spring.application.name", service.value(),
                                        "spring.flyway.locations", "classpath:db/migration/" + service.value()))));
    }

    /** Before Spring Boot's config data processing reads {@code spring.config.name}. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
