package im.relay.auth.keys;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Signing-key rotation. */
@Validated
@ConfigurationProperties("relay.auth.keys")
record KeyProperties(
        /** A new signing key every period. */
        @DefaultValue("30d") @NotNull @DurationMin(hours = 1)
        Duration rotationPeriod,
        /** How long a new key is published before it signs: longer than validators cache the JWKS (5 min). */
        @DefaultValue("10m") @NotNull @DurationMin(minutes = 6)
        Duration publishAhead,
        /** How often each instance reloads the keys and rotates when due. */
        @DefaultValue("1m") @NotNull @DurationMin(seconds = 1)
        Duration checkInterval,
        /** Seals the private signing keys in the database (a Secret in production); blank stores them plain. */
        @DefaultValue("") @NotNull String encryptionKey,
        /** Encryption keys replaced by encryption-key: keys sealed under them still open, and are sealed anew. */
        @DefaultValue("") @NotNull List<String> previousEncryptionKeys) {}
