package im.relay.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
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
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks an access token the same way in every service: RS256 signature (ES256 for tokens of an older installation's
 * keys) by a key of auth-service's JWKS (by {@code kid}; an unknown kid refetches the set, rate limited),
 * {@code typ at+jwt}, issuer, audience, expiry, the required claims, and the session denylist.
 *
 * <p>The signature check is the expensive part (35 µs for RS256 on the project's machine, 420 µs for ES256), so a
 * token that passed it is remembered until it expires: later uses check only the expiry and the denylist, which is
 * consulted on every call. Remembering is safe because a token cannot change, and a signing key leaves the JWKS only
 * after every token it signed has expired.
 */
public final class JwtAccessTokenVerifier implements TokenVerifier {

    /** What a verified token says; everything but the denylist and the clock is settled. */
    private record Verified(String userId, String sessionId, Instant expiresAt) {}

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final SessionRevocations revocations;
    private final Duration clockSkew;
    private final Clock clock;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfter(Expiry.<String, Verified>creating((token, claims) ->
                    Duration.between(Instant.now(), claims.expiresAt()).plusMinutes(1)))
            .build();

    public JwtAccessTokenVerifier(
            JWKSource<SecurityContext> keys, AuthProperties properties, SessionRevocations revocations) {
        this(keys, properties, revocations, Clock.systemUTC());
    }

    JwtAccessTokenVerifier(
            JWKSource<SecurityContext> keys, AuthProperties properties, SessionRevocations revocations, Clock clock) {
        this.revocations = revocations;
        this.clockSkew = properties.clockSkew();
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokenClaims.TYPE));
        processor.setJWSKeySelector(new ConvertedKeys(
                new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                properties.audience(),
                new JWTClaimsSet.Builder().issuer(properties.issuer()).build(),
                Set.of("sub", "sid", "exp", "iat", "jti"));
        claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    @Override
    public Caller verify(String accessToken) {
        Verified token = verified.getIfPresent(accessToken);
        if (token == null) {
            token = checkSignatureAndClaims(accessToken);
            verified.put(accessToken, token);
        } else if (!clock.instant().isBefore(token.expiresAt().plus(clockSkew))) {
            throw new RelayException(ErrorCode.TOKEN_EXPIRED, "the access token has expired");
        }
        if (revocations.isRevoked(token.sessionId())) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "the session has ended");
        }
        return new Caller(token.userId(), token.sessionId(), accessToken);
    }

    private Verified checkSignatureAndClaims(String accessToken) {
        try {
            JWTClaimsSet claims = processor.process(accessToken, null);
            return new Verified(
                    claims.getSubject(),
                    (String) claims.getClaim(AccessTokenClaims.SESSION_ID),
                    claims.getExpirationTime().toInstant());
        } catch (ExpiredJWTException e) {
            throw new RelayException(ErrorCode.TOKEN_EXPIRED, "the access token has expired");
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, "invalid access token");
        }
    }

    /**
     * The keys for a token's {@code alg} and {@code kid}, as Java keys: Nimbus's selector converts the JWK again for
     * every token (5 % of a connect's CPU, docs/benchmarks), so a selection is kept for a minute. A key dropped from
     * the JWKS is thus honoured up to a minute longer than the JWKS's own cache would; a selection that found no key
     * is not kept, so a new key is found at once.
     */
    static final class ConvertedKeys implements JWSKeySelector<SecurityContext> {

        private static final Duration KEEP = Duration.ofMinutes(1);

        private final JWSKeySelector<SecurityContext> selector;
        private final Cache<String, List<? extends Key>> selected =
                Caffeine.newBuilder().maximumSize(64).expireAfterWrite(KEEP).build();

        ConvertedKeys(JWSKeySelector<SecurityContext> selector) {
            this.selector = selector;
        }

        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, @Nullable SecurityContext context)
                throws KeySourceException {
            if (header.getKeyID() == null) {
                return selector.selectJWSKeys(header, context);
            }
            String id = header.getAlgorithm().getName() + " " + header.getKeyID();
            List<? extends Key> keys = selected.getIfPresent(id);
            if (keys == null) {
                keys = List.copyOf(selector.selectJWSKeys(header, context));
                if (!keys.isEmpty()) {
                    selected.put(id, keys);
                }
            }
            return keys;
        }
    }
}
