package im.relay.messagegateway.cluster;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Admits node-to-node calls only with the cluster's shared secret: Deliver and CloseSessions act for no user, so a
 * user's token cannot authorise them, and nobody else may push frames to sockets or close them.
 */
@Component
class ClusterSecretInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> HEADER = Metadata.Key.of("relay-node-secret", Metadata.ASCII_STRING_MARSHALLER);

    /** The value committed in message-gateway.yaml for the dev profile: public, so never a production secret. */
    static final String DEV_SECRET = "dev-only-message-gateway-secret";

    private final byte[] secret;

    ClusterSecretInterceptor(ClusterProperties properties, Environment environment) {
        if (properties.secret().equals(DEV_SECRET) && !environment.matchesProfiles("dev")) {
            throw new IllegalStateException("relay.message-gateway.cluster.secret is the committed dev-only value, "
                    + "which anyone can read: set RELAY_MESSAGEGATEWAY_CLUSTER_SECRET to a secret of your own "
                    + "(e.g. openssl rand -hex 32), or run with the dev profile on a developer's machine");
        }
        this.secret = properties.secret().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String presented = headers.get(HEADER);
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            call.close(Status.PERMISSION_DENIED.withDescription("node-to-node calls only"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }
}
