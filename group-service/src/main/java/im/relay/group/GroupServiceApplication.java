package im.relay.group;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import im.relay.common.webhook.EventWebhookConfiguration;
import im.relay.userclient.UserClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Groups, members, roles and mutes. */
@SpringBootApplication
@RelayService("group-service")
@Import({UserClient.class, EventWebhookConfiguration.class})
public class GroupServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(GroupServiceApplication.class, args);
    }
}
