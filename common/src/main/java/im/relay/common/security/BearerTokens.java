package im.relay.common.security;

/** The token of an {@code Authorization: Bearer <token>} header, as every HTTP entry of Relay reads it. */
public final class BearerTokens {

    private static final String BEARER = "Bearer ";

    private BearerTokens() {}

    /** The token, or null when the header is absent or not a Bearer one (the scheme is case-insensitive). */
    public static String fromAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
