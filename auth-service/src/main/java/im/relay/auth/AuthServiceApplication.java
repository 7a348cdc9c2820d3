package im.relay.auth;

import im.relay.common.config.RelayApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Tokens: issues JWTs, rotates refresh tokens, revokes sessions, publishes the JWKS. */
@SpringBootApplication
public class AuthServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(AuthServiceApplication.class, args);
    }
}
