package im.relay.common.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * A typed configuration record that follows {@code --refresh} and {@code --k8s-config} updates. Declare one bean per
 * record and read it with {@link #get()} where the value is used, never once at startup:
 *
 * <pre>{@code
 * @Bean
 * LiveProperties<SendLimits> sendLimits(Environment environment, Validator validator) {
 *     return LiveProperties.bind(environment, validator, "relay.limits.send", SendLimits.class);
 * }
 * }</pre>
 *
 * <p>An invalid value stops the service at startup; during a refresh it is refused, logged, and the last valid
 * value stays.
 */
public final class LiveProperties<T> implements ApplicationListener<EnvironmentChangeEvent> {

    private static final Logger log = LoggerFactory.getLogger(LiveProperties.class);

    private final Environment environment;
    private final Validator validator;
    private final String prefix;
    private final Class<T> type;
    private volatile T current;

    private LiveProperties(Environment environment, Validator validator, String prefix, Class<T> type) {
        this.environment = environment;
        this.validator = validator;
        this.prefix = prefix;
        this.type = type;
        this.current = bindValid();
    }

    /** Binds {@code prefix} to {@code type} now; throws {@link IllegalStateException} if the value is invalid. */
    public static <T> LiveProperties<T> bind(
            Environment environment, Validator validator, String prefix, Class<T> type) {
        return new LiveProperties<>(environment, validator, prefix, type);
    }

    public T get() {
        return current;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        try {
            T fresh = bindValid();
            if (!fresh.equals(current)) {
                current = fresh;
                log.info("{} is now {}", prefix, fresh);
            }
        } catch (RuntimeException e) {
            log.warn("Keeping the previous {}: {}", prefix, e.getMessage());
        }
    }

    private T bindValid() {
        T value = Binder.get(environment).bindOrCreate(prefix, type);
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("invalid " + prefix + ": "
                    + violations.stream()
                            .map(v -> prefix + "." + v.getPropertyPath() + " " + v.getMessage() + " (was "
                                    + v.getInvalidValue() + ")")
                            .sorted()
                            .collect(Collectors.joining("; ")));
        }
        return value;
    }
}
