package im.relay.user;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Users: registration, credentials, profiles, lookup and search. */
@SpringBootApplication
@RelayService("user-service")
public class UserServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(UserServiceApplication.class, args);
    }
}
