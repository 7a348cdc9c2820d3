package im.relay.friend;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import im.relay.common.webhook.EventWebhookConfiguration;
import im.relay.userclient.UserClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** Friend requests, friendships, remarks and block lists. */
@SpringBootApplication
@RelayService("friend-service")
@Import({UserClient.class, EventWebhookConfiguration.class})
@EnableConfigurationProperties(FriendProperties.class)
public class FriendServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(FriendServiceApplication.class, args);
    }
}
