package im.relay.group;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Groups, members, roles and mutes. */
@SpringBootApplication
@RelayService("group-service")
public class GroupServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(GroupServiceApplication.class, args);
    }
}
