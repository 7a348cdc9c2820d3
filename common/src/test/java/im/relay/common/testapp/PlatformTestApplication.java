package im.relay.common.testapp;

import im.relay.common.config.LiveProperties;
import im.relay.common.config.RelayApplication;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.TokenVerifier;
import jakarta.validation.Validator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** A service as small as possible that uses the whole platform: configuration, errors, identity, metrics, health. */
// the outbox's optional JDBC is on common's test classpath; this service has no database
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(DemoProperties.class)
public class PlatformTestApplication {

    public static void main(String[] args) {
        RelayApplication.launch(PlatformTestApplication.class, args);
    }

    @Bean
    LiveProperties<DemoLimits> demoLimits(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.demo.limits", DemoLimits.class);
    }

    /** Tokens of the form {@code token-<userId>}; the real verifier (JWKS) belongs to the identity services. */
    @Bean
    TokenVerifier tokenVerifier() {
        return token -> {
            if (token.equals("expired")) {
                throw new RelayException(ErrorCode.TOKEN_EXPIRED, "the access token has expired");
            }
            if (!token.startsWith("token-")) {
                throw new RelayException(ErrorCode.UNAUTHORIZED, "invalid access token");
            }
            return new Caller(token.substring("token-".length()), "session-1", token);
        };
    }
}
