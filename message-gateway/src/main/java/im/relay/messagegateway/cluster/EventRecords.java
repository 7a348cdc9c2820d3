package im.relay.messagegateway.cluster;

import java.util.Collection;
import java.util.Map;

/**
 * The event records another node names in a Deliver, read from Kafka on this node and made into pushes by the same
 * mapping as the consuming node's (events/EventRecordReader).
 */
public interface EventRecords {

    /**
     * The push each record makes. A source missing from the answer names no record of an event topic, or a record
     * that makes no push.
     *
     * @throws im.relay.common.error.RelayException VALIDATION_FAILED when more records are named than one call may
     *     read ({@code relay.message-gateway.cluster.max-deliver-records})
     */
    Map<Source.Event, Push> pushes(Collection<Source.Event> sources);
}
