package im.relay.friend;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Friend requests, friendships, remarks and block lists. */
@SpringBootApplication
@RelayService("friend-service")
public class FriendServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(FriendServiceApplication.class, args);
    }
}
