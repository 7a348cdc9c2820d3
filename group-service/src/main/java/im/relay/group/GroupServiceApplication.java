package im.relay.group;

import im.relay.common.config.RelayApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Groups, members, roles and mutes. */
@SpringBootApplication
public class GroupServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(GroupServiceApplication.class, args);
    }
}
