package im.relay.user.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The per-account limit on failed password checks (docs/api-notes.md, Auth, states the policy). */
@Validated
@ConfigurationProperties("relay.user.failed-logins")
public record FailedLoginProperties(
        /** Failures of one account within {@code window} that lock it. */
        @DefaultValue("5") @Min(1) @Max(1000) int maxFailures,
        /** How long a failure counts towards {@code maxFailures}. */
        @DefaultValue("15m") @NotNull @DurationMin(seconds = 1)
        Duration window,
        /** The first lock; each further lock within {@code memory} doubles it. */
        @DefaultValue("1m") @NotNull @DurationMin(seconds = 1)
        Duration lockout,
        /** No lock lasts longer, however often the account is attacked. */
        @DefaultValue("15m") @NotNull @DurationMin(seconds = 1)
        Duration maxLockout,
        /** How long past locks make the next one longer; a successful login forgets them at once. */
        @DefaultValue("24h") @NotNull @DurationMin(seconds = 1)
        Duration memory) {}
