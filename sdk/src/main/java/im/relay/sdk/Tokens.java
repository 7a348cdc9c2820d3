package im.relay.sdk;

import java.time.Instant;

/** A session's token pair, as register, login and refresh answer it; {@code expiresAt} is the access token's. */
public record Tokens(String userId, String accessToken, String refreshToken, Instant expiresAt) {

    @Override
    public String toString() {
        return "Tokens[userId=" + userId + ", expiresAt=" + expiresAt + "]";
    }
}
