package im.relay.messagegateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The gateway's own meters, exported at {@code /actuator/prometheus} (names there get Prometheus' suffixes, e.g.
 * {@code relay_ws_frames_in_total}). The live-connection gauge is registered by the session registry itself.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Counter framesOut;
    private final Counter messagesDelivered;
    private final Counter forwarded;
    private final Counter forwardFailures;
    private final Timer sendAck;
    private final Timer deliverLatency;
    private final Timer eventsRead;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesOut = Counter.builder("relay.ws.frames.out")
                .description("Frames queued to clients")
                .register(registry);
        this.messagesDelivered = Counter.builder("relay.messages.delivered")
                .description("Message frames pushed to sessions, on this node or through another")
                .register(registry);
        this.forwarded = Counter.builder("relay.deliveries.forwarded")
                .description("Deliveries sent to other nodes (one per frame and node)")
                .register(registry);
        this.forwardFailures = Counter.builder("relay.deliveries.forward.failures")
                .description("Deliver calls to other nodes that failed")
                .register(registry);
        this.sendAck = Timer.builder("relay.ws.send.ack")
                .description("From a send frame's arrival to its ack or error")
                .publishPercentileHistogram()
                .register(registry);
        this.deliverLatency = Timer.builder("relay.messages.deliver.latency")
                .description("From a message's sentAt to its push to sessions")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.eventsRead = Timer.builder("relay.deliveries.events.read")
                .description("Reading from Kafka the event records a Deliver from another node names, per Deliver")
                .publishPercentileHistogram()
                .register(registry);
    }

    /** {@code type} is one of the frame types of API.md, or {@code invalid}: a bounded set of tags. */
    public void frameIn(String type) {
        framesIn.computeIfAbsent(
                        type,
                        t -> Counter.builder("relay.ws.frames.in")
                                .description("Frames received from clients, by type")
                                .tag("type", t)
                                .register(registry))
                .increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void messagesDelivered(int sessions) {
        messagesDelivered.increment(sessions);
    }

    public void forwarded(int deliveries) {
        forwarded.increment(deliveries);
    }

    public void forwardFailed() {
        forwardFailures.increment();
    }

    /** The event records a Deliver from another node named were read (and mapped) in {@code took}. */
    public void eventsRead(Duration took) {
        eventsRead.record(took);
    }

    /**
     * Pushes another node named that reached no socket: {@code unknown-source} (no such event record, no source, a
     * signal not true now) or {@code not-a-recipient} (a session of a user the source does not name): a bounded set.
     */
    public void deliveryDropped(String reason, int count) {
        dropped.computeIfAbsent(
                        reason,
                        r -> Counter.builder("relay.deliveries.dropped")
                                .description("Pushes named by another node that were dropped, by reason")
                                .tag("reason", r)
                                .register(registry))
                .increment(count);
    }

    public void sendAcked(Duration took) {
        sendAck.record(took);
    }

    public void delivered(Instant sentAt, Instant now) {
        Duration latency = Duration.between(sentAt, now);
        deliverLatency.record(latency.isNegative() ? Duration.ZERO : latency);
    }
}
