package im.relay.common.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.TokenVerifier;
import java.text.ParseException;
import java.util.Set;

/**
 * Checks an access token the same way in every service: ES256 signature by a key of auth-service's JWKS (by
 * {@code kid}; an unknown kid refetches the set, rate limited), {@code typ at+jwt}, issuer, audience, expiry, the
 * required claims, and the session denylist.
 */
public final class JwtAccessTokenVerifier implements TokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final SessionRevocations revocations;

    public JwtAccessTokenVerifier(
            JWKSource<SecurityContext> keys, AuthProperties properties, SessionRevocations revocations) {
        this.revocations = revocations;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokenClaims.TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                properties.audience(),
                new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
                Set.of("sub", "sid", "exp", "iat", "jti"));
        claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    @Override
    public Caller verify(String accessToken) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(accessToken, null);
        } catch (ExpiredJWTException e) {
            throw new RelayException(ErrorCode.TOKEN_EXPIRED, "the access token has expired");
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "invalid access token");
        }
        String sessionId = (String) claims.getClaim(AccessTokenClaims.SESSION_ID);
        if (revocations.isRevoked(sessionId)) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "the session has ended");
        }
        return new Caller(claims.getSubject(), sessionId, accessToken);
    }
}
