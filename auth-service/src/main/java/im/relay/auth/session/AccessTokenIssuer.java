package im.relay.auth.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import im.relay.auth.keys.SigningKeyService;
import im.relay.common.id.Ids;
import im.relay.common.security.AccessTokenClaims;
import im.relay.common.security.AuthProperties;
import java.time.Instant;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * Signs access tokens: RS256 by the current key (ES256 while an older installation's key still signs),
 * {@code typ at+jwt}, sub/sid/jti/iat/exp plus the device.
 */
@Component
class AccessTokenIssuer {

    private final SigningKeyService keys;
    private final AuthProperties auth;
    private final TokenProperties tokens;

    AccessTokenIssuer(SigningKeyService keys, AuthProperties auth, TokenProperties tokens) {
        this.keys = keys;
        this.auth = auth;
        this.tokens = tokens;
    }

    String issue(Session session, Instant now) {
        JWK key = keys.signingKey();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(auth.issuer())
                .audience(auth.audience())
                .subject(session.userId().toString())
                .claim(AccessTokenClaims.SESSION_ID, session.id().toString())
                .claim(AccessTokenClaims.PLATFORM, session.platform().name())
                .claim(AccessTokenClaims.DEVICE_ID, session.deviceId())
                .jwtID(Ids.newId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(tokens.accessTokenTtl())))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(AccessTokenClaims.TYPE)
                        .build(),
                claims);
        try {
            JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }
}
