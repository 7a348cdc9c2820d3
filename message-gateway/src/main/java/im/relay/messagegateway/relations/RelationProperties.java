package im.relay.messagegateway.relations;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The caches of friend-service and group-service answers; read at startup. */
@Validated
@ConfigurationProperties("relay.message-gateway.caches")
record RelationProperties(
        /** Entries per cache (presence audiences, messaging verdicts, group member lists). */
        @DefaultValue("100000") @Min(1) long size,
        /** An entry's lifetime even without an invalidating event. */
        @DefaultValue("10m") @NotNull Duration ttl) {}
