package im.relay.sdk;

import java.time.Duration;

/**
 * How a {@link ChatConnection} keeps its promises.
 *
 * @param platform WEB, DESKTOP or MOBILE: a new connection replaces an older one of the same platform
 * @param ackTimeout a send not acknowledged within this is sent again, with the same clientMsgId
 * @param heartbeat a ping goes out after this much silence; twice this without any frame and the socket is given up
 * @param minBackoff the first reconnect waits up to this (full jitter), doubling per failed attempt
 * @param maxBackoff the longest wait between reconnect attempts
 */
public record ChatOptions(
        String platform, Duration ackTimeout, Duration heartbeat, Duration minBackoff, Duration maxBackoff) {

    public static ChatOptions defaults() {
        return new ChatOptions(
                "DESKTOP",
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                Duration.ofMillis(250),
                Duration.ofSeconds(30));
    }

    public ChatOptions withPlatform(String platform) {
        return new ChatOptions(platform, ackTimeout, heartbeat, minBackoff, maxBackoff);
    }

    public ChatOptions withAckTimeout(Duration ackTimeout) {
        return new ChatOptions(platform, ackTimeout, heartbeat, minBackoff, maxBackoff);
    }

    public ChatOptions withHeartbeat(Duration heartbeat) {
        return new ChatOptions(platform, ackTimeout, heartbeat, minBackoff, maxBackoff);
    }

    public ChatOptions withBackoff(Duration minBackoff, Duration maxBackoff) {
        return new ChatOptions(platform, ackTimeout, heartbeat, minBackoff, maxBackoff);
    }
}
