package im.relay.messagegateway.cluster;

import im.relay.common.identity.Caller;
import org.jspecify.annotations.Nullable;

/** One client socket held by this node, as the cluster sees it: whose it is, and how to reach or end it. */
public interface Connection {

    /** Unique per socket, so that a newer socket of the same session is never mistaken for this one. */
    String connectionId();

    /** Creation order on this node: of two sockets of one session, the newer one stays. */
    long sequence();

    /** The user and session ({@code sid}) of the access token, and the token, for calls made as the user. */
    Caller caller();

    /** WEB, DESKTOP or MOBILE: one session per platform and user. */
    String platform();

    String deviceId();

    default String userId() {
        return caller().userId();
    }

    default String sessionId() {
        return caller().sessionId();
    }

    /** Queues a text frame after those queued before; false when the socket is closing. */
    boolean push(String frameJson);

    /** Sends {@code finalFrameJson} (if any) after the frames queued before, then closes with {@code code}. */
    void close(int code, String reason, @Nullable String finalFrameJson);
}
