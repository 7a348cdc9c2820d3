package im.relay.messagegateway.websocket;

import im.relay.messagegateway.cluster.CloseCodes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A stopping node closes its sockets with 1001 (clients reconnect to another node) after the frames queued for them,
 * and waits until each is unregistered (route row removed, presence updated). This runs before Spring stops the web
 * and gRPC servers, after the push consumer stopped taking new events.
 */
@Component
class SessionDrain {

    private static final Logger log = LoggerFactory.getLogger(SessionDrain.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final GatewayWebSocketHandler handler;

    SessionDrain(GatewayWebSocketHandler handler) {
        this.handler = handler;
    }

    @EventListener(ContextClosedEvent.class)
    @Order(2)
    void drain() {
        handler.connections()
                .forEach(c -> c.close(CloseCodes.GOING_AWAY, CloseCodes.reason(CloseCodes.GOING_AWAY), null));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (handler.active() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (handler.active() > 0) {
            log.warn("Stopped with {} socket(s) not unregistered; their routes expire by themselves", handler.active());
        }
    }
}
