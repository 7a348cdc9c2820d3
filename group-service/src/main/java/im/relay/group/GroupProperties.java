package im.relay.group;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * group-service's settings, {@code relay.groups.*} (docs/configuration.md). Bound live (GroupConfiguration): the
 * limits follow {@code --refresh}; the cache's size and lifetime are read once, when it is built.
 */
public record GroupProperties(
        @DefaultValue @Valid Limits limits,
        @DefaultValue @Valid RateLimits rateLimits,
        @DefaultValue @Valid Cache cache) {

    public static final String PREFIX = "relay.groups";

    public record Limits(
            /** The most members a group may have. */
            @DefaultValue("2000") @Min(2) @Max(100000) int maxMembers) {}

    /**
     * Per-user limits on putting people into groups. They bound how many users one account can pull into groups,
     * so group invitations cannot be used to spam or harass at scale.
     */
    public record RateLimits(
            /** Groups one user may create per window. */
            @DefaultValue("20") @Min(1) int creates,
            /** Users one user may put into groups (at creation or later) per window. */
            @DefaultValue("2000") @Min(1) int memberAdds,
            /** How long a user's counting window lasts from their first counted action. */
            @DefaultValue("1h") Duration window) {}

    /** Each group's membership in memory, for the checks asked on every group message. */
    public record Cache(
            /** Groups kept. */
            @DefaultValue("10000") @Min(0) long size,
            /** A cached membership's lifetime even without an invalidating event. */
            @DefaultValue("10m") Duration ttl) {}
}
