package im.relay.group.membership;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live per-user limits on putting people into groups (follow --refresh): {@code relay.groups.rate-limits}. They bound
 * how many users one account can pull into groups, so group invitations cannot be used to spam or harass at scale.
 */
public record GroupRateLimits(
        @DefaultValue("20") @Min(1) int creates,
        @DefaultValue("2000") @Min(1) int memberAdds,
        @DefaultValue("1h") Duration window) {}
