package im.relay.group.membership;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Live limits (follow --refresh): {@code relay.groups.limits}. */
public record GroupLimits(
        @DefaultValue("2000") @Min(2) @Max(100000) int maxMembers) {}
