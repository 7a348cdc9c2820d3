package im.relay.auth;

import im.relay.common.config.RelayApplication;
import im.relay.common.config.RelayService;
import im.relay.userclient.UserClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Tokens: issues JWTs, rotates refresh tokens, revokes sessions, publishes the JWKS. */
@SpringBootApplication
@RelayService("auth-service")
@Import(UserClient.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class AuthServiceApplication {

    public static void main(String[] args) {
        RelayApplication.launch(AuthServiceApplication.class, args);
    }
}
