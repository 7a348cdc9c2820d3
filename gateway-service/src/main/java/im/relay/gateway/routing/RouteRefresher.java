package im.relay.gateway.routing;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Makes routes, instance lists and CORS live under --refresh: once the changed properties are rebound, Spring Cloud
 * Gateway rebuilds its routes.
 */
@Component
class RouteRefresher implements ApplicationListener<EnvironmentChangeEvent> {

    private final ConfigurationPropertiesRebinder rebinder;
    private final ApplicationEventPublisher events;

    RouteRefresher(ConfigurationPropertiesRebinder rebinder, ApplicationEventPublisher events) {
        this.rebinder = rebinder;
        this.events = events;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        boolean routing = event.getKeys().stream()
                .anyMatch(key -> key.startsWith("spring.cloud.gateway") || key.startsWith("spring.cloud.discovery"));
        if (routing) {
            rebinder.rebind(); // listeners run in no set order: make sure the new values are bound first
            events.publishEvent(new RefreshRoutesEvent(this));
        }
    }
}
