package im.relay.common.identity;

/**
 * The authenticated user a call is made for: the {@code sub} and {@code sid} of their access token, and the token
 * itself so that the next service can check it again.
 */
public record Caller(String userId, String sessionId, String accessToken) {

    @Override
    public String toString() {
        return "Caller[userId=" + userId + ", sessionId=" + sessionId + "]"; // never the token
    }
}
