package im.relay.common.webhook;

import im.relay.common.config.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link EventWebhook} of user-service, friend-service and group-service, imported by each; present only when
 * {@code relay.webhooks.events.url} is set at startup, like the listeners that use it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(EventWebhookConfiguration.URL)
public class EventWebhookConfiguration {

    /** The property whose presence at startup turns the listeners of the event webhook on. */
    public static final String URL = "relay.webhooks.events.url";

    @Bean
    LiveProperties<WebhookProperties> webhookProperties(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.webhooks", WebhookProperties.class);
    }

    /** The real time: receivers check a signature's age against their own clocks. */
    @Bean
    EventWebhook eventWebhook(LiveProperties<WebhookProperties> webhookProperties, MeterRegistry meters) {
        return new EventWebhook(webhookProperties, new WebhookClient(Clock.systemUTC(), meters));
    }
}
