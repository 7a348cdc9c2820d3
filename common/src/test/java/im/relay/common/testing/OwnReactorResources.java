package im.relay.common.testing;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives each service started in a test JVM Reactor Netty event loops of its own. By default they share the JVM-wide
 * ones, which the first service to stop disposes of, taking the others' HTTP servers and clients with it (as
 * {@code @SpringBootTest} avoids with Spring Boot's own post-processor of this kind).
 */
final class OwnReactorResources implements BeanPostProcessor {

    private static final String FACTORY = "org.springframework.http.client.ReactorResourceFactory";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean.getClass().getName().equals(FACTORY)) {
            ((ReactorResourceFactory) bean).setUseGlobalResources(false);
        }
        return bean;
    }
}
