package im.relay.messagegateway.cluster;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/**
 * Admits node-to-node calls only with the cluster's shared secret: Deliver and CloseSessions act for no user, so a
 * user's token cannot authorise them, and nobody else may push frames to sockets or close them.
 */
@Component
class ClusterSecretInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> HEADER = Metadata.Key.of("relay-node-secret", Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] secret;

    ClusterSecretInterceptor(ClusterProperties properties) {
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
