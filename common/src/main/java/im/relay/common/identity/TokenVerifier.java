package im.relay.common.identity;

/**
 * Checks an access token and says whom it belongs to; throws a {@link im.relay.common.error.RelayException} with
 * UNAUTHORIZED or TOKEN_EXPIRED otherwise. A service that declares one gets {@link CallerServerInterceptor}.
 */
@FunctionalInterface
public interface TokenVerifier {

    Caller verify(String accessToken);
}
