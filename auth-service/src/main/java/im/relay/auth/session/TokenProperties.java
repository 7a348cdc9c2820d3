package im.relay.auth.session;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Token lifetimes. */
@Validated
@ConfigurationProperties("relay.auth.tokens")
public record TokenProperties(
        /** Lifetime of an access token: short, since only logout revokes one early. */
        @DefaultValue("15m") @NotNull @DurationMin(minutes = 1) @DurationMax(hours = 24)
        Duration accessTokenTtl,
        /** A session ends when unused this long; each refresh restarts the clock. */
        @DefaultValue("30d") @NotNull @DurationMin(minutes = 5)
        Duration refreshTokenTtl,
        /** A session ends this long after its login however often it is refreshed: a stolen one cannot live forever. */
        @DefaultValue("90d") @NotNull @DurationMin(minutes = 5)
        Duration sessionLifetime) {}
