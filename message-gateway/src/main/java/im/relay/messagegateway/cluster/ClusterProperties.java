package im.relay.messagegateway.cluster;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How the gateway nodes find and call each other; read at startup. */
@Validated
@ConfigurationProperties("relay.message-gateway.cluster")
public record ClusterProperties(
        /** host:port of this node's gRPC server for the other nodes; blank: 127.0.0.1 and the gRPC port. */
        @DefaultValue("") String advertisedAddress,
        /** Shared by all nodes: node-to-node calls carry it, so that no client can push frames or close sockets. */
        @NotBlank(message = "is required: set RELAY_MESSAGEGATEWAY_CLUSTER_SECRET (the dev profile has a dev-only one)")
        String secret,
        /** How long a route and a presence key outlive their node's last renewal (a crashed node's users expire). */
        @DefaultValue("90s") @NotNull Duration routeTtl,
        /** How often a node renews the routes and presence keys of its sessions; well below route-ttl. */
        @DefaultValue("30s") @NotNull Duration renewInterval,
        /** Deadline of a Deliver or CloseSessions call to another node. */
        @DefaultValue("2s") @NotNull Duration callTimeout,
        /**
         * Event records one Deliver may name (the receiving node reads them from Kafka); a node splits a larger batch
         * into several calls, and refuses a call naming more. The same on every node; at least the consumer's
         * max-poll-records.
         */
        @DefaultValue("1000") @Min(1) int maxDeliverRecords) {}
