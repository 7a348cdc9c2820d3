package im.relay.friend;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** friend-service's settings, {@code relay.friends.*} (docs/configuration.md). */
@Validated
@ConfigurationProperties("relay.friends")
public record FriendProperties(@DefaultValue @Valid PolicyCache policyCache) {

    /** The "may A message B" answers kept in memory. */
    public record PolicyCache(
            /** How many pairs' answers are kept. */
            @DefaultValue("100000") @Min(0) long size,
            /** An answer's lifetime even without an invalidating event. */
            @DefaultValue("10m") Duration ttl) {}
}
