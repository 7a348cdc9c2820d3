package im.relay.common.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Starts a Relay service with the configuration system every service shares:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     RelayApplication.launch(AuthServiceApplication.class, args);
 * }
 * }</pre>
 *
 * <p>Understands {@code --config FILE}, {@code --refresh SECONDS}, {@code --k8s-config [DIR]} and
 * {@code --k8s-secrets DIR}; other arguments go to Spring ({@code --server.port=8081}).
 */
public final class RelayApplication {

    private RelayApplication() {}

    /** For {@code main}: starts the service, or prints why it cannot and exits with status 2. */
    public static void launch(Class<?> application, String... args) {
        try {
            LaunchOptions options = LaunchOptions.parse(args);
            if (options.helpRequested) {
                System.out.println(LaunchOptions.usage());
                return;
            }
            run(application, options, System.getenv(), Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException | ConfigFileException e) {
            System.err.println("relay: cannot start: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Starts the service; throws {@link ConfigFileException} or {@link IllegalArgumentException} on bad input. */
    public static ConfigurableApplicationContext run(Class<?> application, String... args) {
        return run(
                application,
                LaunchOptions.parse(args),
                System.getenv(),
                Path.of("").toAbsolutePath());
    }

    /** As {@link #run(Class, String...)} with the given environment variables and working directory. */
    public static ConfigurableApplicationContext run(
            Class<?> application, String[] args, Map<String, String> environmentVariables, Path workingDirectory) {
        return run(application, LaunchOptions.parse(args), environmentVariables, workingDirectory);
    }

    private static ConfigurableApplicationContext run(
            Class<?> application,
            LaunchOptions options,
            Map<String, String> environmentVariables,
            Path workingDirectory) {
        ConfigSources sources = new ConfigSources(options, workingDirectory);
        List<PropertySource<?>> initial = sources.load(); // fails fast, before Spring starts, naming the file
        SpringApplication spring = new SpringApplication(application);
        spring.addListeners(new InstallSources(initial, environmentVariables));
        spring.addInitializers(context -> ((GenericApplicationContext) context)
                .registerBean(ConfigRefresher.class, () -> new ConfigRefresher(context, sources, options)));
        return spring.run(options.springArgs.toArray(String[]::new));
    }

    /**
     * Puts the file layers right below the environment variables, before Spring Boot reads its own
     * {@code application.yaml} (the built-in defaults), so that a config file may also set profiles.
     */
    private record InstallSources(List<PropertySource<?>> sources, Map<String, String> environmentVariables)
            implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            ConfigurableEnvironment environment = event.getEnvironment();
            MutablePropertySources propertySources = environment.getPropertySources();
            String env = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
            @SuppressWarnings({"unchecked", "rawtypes"})
            Map<String, Object> variables = (Map) environmentVariables;
            propertySources.replace(env, new SystemEnvironmentPropertySource(env, variables));
            String above = env;
            for (PropertySource<?> source : sources) {
                propertySources.addAfter(above, source);
                above = source.getName();
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
