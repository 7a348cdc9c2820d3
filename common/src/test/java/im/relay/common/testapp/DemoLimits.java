package im.relay.common.testapp;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** A live limit: follows --refresh and --k8s-config updates. */
public record DemoLimits(
        @DefaultValue("10") @Min(1) @Max(1000) int maxItems) {}
