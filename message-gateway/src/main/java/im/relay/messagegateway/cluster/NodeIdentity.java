package im.relay.messagegateway.cluster;

import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.stereotype.Component;

/** The address under which the other nodes reach this node's gRPC server; routes name it. */
@Component
public class NodeIdentity {

    private final String configured;
    private volatile String address;

    NodeIdentity(ClusterProperties properties) {
        this.configured = properties.advertisedAddress().strip();
        this.address = configured.isEmpty() ? null : configured;
    }

    /** The actual port is known only once the server is up (the configured port may be 0). */
    @EventListener
    void serverStarted(GrpcServerStartedEvent event) {
        if (configured.isEmpty()) {
            address = "127.0.0.1:" + event.getPort();
        }
    }

    public String address() {
        String current = address;
        if (current == null) {
            throw new IllegalStateException("the gRPC server has not started yet");
        }
        return current;
    }

    public boolean isReady() {
        return address != null;
    }

    public boolean isThisNode(String node) {
        return node.equals(address);
    }
}
