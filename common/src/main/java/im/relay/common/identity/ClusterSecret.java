package im.relay.common.identity;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.env.Environment;

/**
 * message-gateway's cluster secret ({@code relay.message-gateway.cluster.secret}): calls that act for no single user
 * carry it in the {@code relay-node-secret} metadata — node-to-node calls between message-gateway nodes, and the
 * gateway's send stream to the message servers, where the gateway vouches for the senders it authenticated.
 */
public final class ClusterSecret {

    public static final String PROPERTY = "relay.message-gateway.cluster.secret";
    public static final Metadata.Key<String> HEADER =
            Metadata.Key.of("relay-node-secret", Metadata.ASCII_STRING_MARSHALLER);

    /** The value committed in message-gateway-dev.yaml: public, so never accepted outside the dev profile. */
    public static final String DEV_SECRET = "dev-only-message-gateway-secret";

    private final byte[] secret;

    private ClusterSecret(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured secret; refuses a missing one, and the committed dev value outside the dev profile. */
    public static ClusterSecret from(Environment environment) {
        String value = environment.getProperty(PROPERTY, "");
        if (value.isBlank()) {
            throw new IllegalStateException(PROPERTY + " is required: set RELAY_MESSAGEGATEWAY_CLUSTER_SECRET "
                    + "(./relay up makes one per data directory; the dev profile has a dev-only one)");
        }
        if (value.equals(DEV_SECRET) && !environment.matchesProfiles("dev")) {
            throw new IllegalStateException(PROPERTY + " is the committed dev-only value, which anyone can read: set "
                    + "RELAY_MESSAGEGATEWAY_CLUSTER_SECRET to a secret of your own (e.g. openssl rand -hex 32), or run "
                    + "with the dev profile on a developer's machine");
        }
        return new ClusterSecret(value);
    }

    /** Whether a call's metadata carries this secret (compared in constant time). */
    public boolean presentIn(Metadata headers) {
        String presented = headers.get(HEADER);
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the secret to every call made through a stub. */
    public ClientInterceptor attach() {
        Metadata headers = new Metadata();
        headers.put(HEADER, new String(secret, StandardCharsets.UTF_8));
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
