package im.relay.user;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import im.relay.common.webhook.EventWebhookConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** Users: registration, credentials, profiles, lookup and search. */
@SpringBootApplication
@RelayService("user-service")
@ConfigurationPropertiesScan
@Import(EventWebhookConfiguration.class)
public class UserServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(UserServiceApplication.class, args);
    }
}
