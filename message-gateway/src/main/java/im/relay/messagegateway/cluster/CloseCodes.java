package im.relay.messagegateway.cluster;

/** WebSocket close codes of API.md. */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int TOO_BIG = 1009;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int KICKED = 4001;
    public static final int REVOKED = 4002;
    public static final int EXPIRED = 4003;
    public static final int RATE_LIMITED = 4008;

    private CloseCodes() {}

    /** The reason text sent with a close code (at most 123 bytes by RFC 6455). */
    public static String reason(int code) {
        return switch (code) {
            case GOING_AWAY -> "server going away";
            case TOO_BIG -> "frame too large";
            case TRY_AGAIN_LATER -> "too slow to read";
            case KICKED -> "logged in elsewhere";
            case REVOKED -> "session revoked";
            case EXPIRED -> "token expired";
            case RATE_LIMITED -> "rate limit exceeded";
            default -> "";
        };
    }
}
