package im.relay.auth.session;

/** What a client holds for one session. {@code expiresIn} is the access token's lifetime in seconds. */
public record TokenPair(String accessToken, String refreshToken, long expiresIn, String sessionId) {

    @Override
    public String toString() {
        return "TokenPair[sessionId=" + sessionId + "]"; // never the tokens
    }
}
