package im.relay.user;

import im.relay.common.config.RelayApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Users: registration, credentials, profiles, lookup and search. */
@SpringBootApplication
public class UserServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(UserServiceApplication.class, args);
    }
}
