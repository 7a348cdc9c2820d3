package im.relay.common.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How every service checks access tokens. */
@Validated
@ConfigurationProperties("relay.auth")
public record AuthProperties(
        /** The {@code iss} every access token must carry. */
        @DefaultValue("relay") @NotBlank String issuer,
        /** The {@code aud} every access token must carry. */
        @DefaultValue("relay-api") @NotBlank String audience,
        /** Where auth-service publishes its public keys. */
        @DefaultValue("http://127.0.0.1:8081/api/auth/jwks") @NotNull
        URI jwksUri,
        /** Tolerated clock difference between services for exp/iat. */
        @DefaultValue("30s") @NotNull Duration clockSkew,
        /** REST paths served without a token (Ant-style patterns), besides the actuator. */
        @DefaultValue("") List<String> publicPaths) {}
