package im.relay.messagegateway.websocket;

import im.relay.common.identity.Caller;
import java.time.Instant;

/** Who opened a socket, as the handshake filter established it; an exchange attribute until the upgrade. */
record Handshake(Caller caller, String platform, String deviceId, Instant expiresAt) {

    static final String ATTRIBUTE = "relay.handshake";

    /** The socket's Netty channel, to drop a client that ignores its close. */
    static final String CHANNEL = "relay.channel";
}
