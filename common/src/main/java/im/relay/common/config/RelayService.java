package im.relay.common.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a service. Its built-in defaults are then read from {@code <name>.yaml} rather than
 * {@code application.yaml}, and its Flyway migrations belong in {@code db/migration/<name>}, so that several
 * services can share one classpath (the one-JVM launcher, cross-service tests) without reading each other's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RelayService {

    /** The service's name, e.g. {@code user-service}; also its {@code spring.application.name}. */
    String value();
}
