package im.relay.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.testing.MutableClock;
import im.relay.engines.Engines;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Every way to forge, stretch or reuse an access token fails, against a JWKS over HTTP and the Redis denylist. */
class JwtAccessTokenVerifierIT {

    static TestTokens tokens;
    static LettuceConnectionFactory redis;
    static SessionRevocations revocations;
    static JwtAccessTokenVerifier verifier;

    @BeforeAll
    static void start() throws Exception {
        tokens = TestTokens.start();
        var engine = Engines.shared().redis();
        redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration(engine.host(), engine.port()));
        redis.afterPropertiesSet();
        revocations = new SessionRevocations(new StringRedisTemplate(redis));
        AuthProperties properties = new AuthProperties(
                TestTokens.ISSUER, TestTokens.AUDIENCE, tokens.jwksUri(), Duration.ofSeconds(30), List.of());
        verifier = new JwtAccessTokenVerifier(
                JWKSourceBuilder.<SecurityContext>create(tokens.jwksUri().toURL())
                        .build(),
                properties,
                revocations);
    }

    @AfterAll
    static void stop() {
        tokens.close();
        redis.destroy();
    }

    @Test
    void acceptsAValidTokenAndNamesItsOwnerAndSession() {
        String token = tokens.accessToken("alice", "s-1");

        assertThat(verifier.verify(token)).isEqualTo(new Caller("alice", "s-1", token));
    }

    @Test
    void acceptsAnEs256TokenOfAnOlderKeyStillPublished() {
        String token = tokens.signWithOlderKey(tokens.claims("alice", "s-older").build());

        assertThat(verifier.verify(token)).isEqualTo(new Caller("alice", "s-older", token));
    }

    @Test
    void refusesAnHs256TokenKeyedWithThePublicKey() throws Exception {
        // the classic confusion: the RSA public key, which anyone can fetch, used as an HMAC secret
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(tokens.publicKey().getKeyID())
                        .type(AccessTokenClaims.TYPE)
                        .build(),
                tokens.claims("mallory", "s").build());
        jwt.sign(new MACSigner(tokens.publicKey().toRSAPublicKey().getEncoded()));

        assertRefused(jwt.serialize(), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void aRememberedTokenStillExpiresOnTime() throws Exception {
        MutableClock clock = new MutableClock();
        AuthProperties properties = new AuthProperties(
                TestTokens.ISSUER, TestTokens.AUDIENCE, tokens.jwksUri(), Duration.ofSeconds(30), List.of());
        JwtAccessTokenVerifier remembering = new JwtAccessTokenVerifier(
                JWKSourceBuilder.<SecurityContext>create(tokens.jwksUri().toURL())
                        .build(),
                properties,
                revocations,
                clock);
        String token = tokens.accessToken("alice", "s-clock");
        assertThat(remembering.verify(token).userId()).isEqualTo("alice");
        assertThat(remembering.verify(token).userId()).as("from memory").isEqualTo("alice");

        clock.advance(Duration.ofMinutes(16));

        assertThatThrownBy(() -> remembering.verify(token))
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED));
    }

    @Test
    void looksASigningKeyUpOnceForManyTokensAndEachOtherKeyOnItsOwn() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(
                        tokens.jwksUri().toURL())
                .build();
        JWKSource<SecurityContext> counted = (selector, context) -> {
            lookups.incrementAndGet();
            return source.get(selector, context);
        };
        JwtAccessTokenVerifier verifier = new JwtAccessTokenVerifier(
                counted,
                new AuthProperties(
                        TestTokens.ISSUER, TestTokens.AUDIENCE, tokens.jwksUri(), Duration.ofSeconds(30), List.of()),
                revocations);

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(tokens.accessToken("alice", "s-key-" + i))
                            .sessionId())
                    .isEqualTo("s-key-" + i);
        }
        assertThat(lookups).as("five tokens of one key").hasValue(1);

        assertThat(verifier.verify(tokens.signWithOlderKey(
                                tokens.claims("alice", "s-old").build()))
                        .sessionId())
                .isEqualTo("s-old");
        assertThat(lookups).as("a token of another key").hasValue(2);
        String badSignature = tokens.accessToken("alice", "s-bad").replaceFirst("\\.[^.]+$", ".AAAA");
        assertThatThrownBy(() -> verifier.verify(badSignature))
                .as("a kept key still checks every signature")
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    @Test
    void refusesAlgNone() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
        String payload = b64(tokens.claims("alice", "s").build().toString());

        assertRefused(header + "." + payload + ".", ErrorCode.UNAUTHORIZED);
    }

    @Test
    void refusesATamperedPayload() {
        String[] parts = tokens.accessToken("alice", "s").split("\\.");
        String forged = b64(tokens.claims("mallory", "s").build().toString());

        assertRefused(parts[0] + "." + forged + "." + parts[2], ErrorCode.UNAUTHORIZED);
    }

    @Test
    void refusesAnExpiredTokenAsExpired() {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        String token = tokens.sign(tokens.claims("alice", "s")
                .issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(60)))
                .build());

        assertRefused(token, ErrorCode.TOKEN_EXPIRED);
    }

    @Test
    void refusesATokenSignedByAnUnknownKey() throws Exception {
        var stranger = new RSAKeyGenerator(2048).keyID("unknown").generate();

        assertRefused(
                TestTokens.sign(
                        stranger,
                        "unknown",
                        AccessTokenClaims.TYPE,
                        tokens.claims("alice", "s").build()),
                ErrorCode.UNAUTHORIZED);
    }

    @Test
    void refusesAnotherKeySigningUnderTheKnownKid() throws Exception {
        var stranger = new RSAKeyGenerator(2048).generate();
        String kid = kidOf(tokens.accessToken("alice"));

        assertRefused(
                TestTokens.sign(
                        stranger,
                        kid,
                        AccessTokenClaims.TYPE,
                        tokens.claims("alice", "s").build()),
                ErrorCode.UNAUTHORIZED);
    }

    @Test
    void refusesATokenOfAnotherTypeIssuerOrAudience() {
        JWTClaimsSet claims = tokens.claims("alice", "s").build();
        assertRefused(tokens.sign(JOSEObjectType.JWT, claims), ErrorCode.UNAUTHORIZED);
        assertRefused(tokens.sign(tokens.claims("alice", "s").issuer("evil").build()), ErrorCode.UNAUTHORIZED);
        assertRefused(tokens.sign(tokens.claims("alice", "s").audience("other").build()), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void refusesATokenMissingASessionOrId() {
        assertRefused(tokens.sign(tokens.claims("alice", "s").claim("sid", null).build()), ErrorCode.UNAUTHORIZED);
        assertRefused(tokens.sign(tokens.claims("alice", "s").jwtID(null).build()), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void refusesGarbageAndOpaqueRefreshTokens() {
        assertRefused("", ErrorCode.UNAUTHORIZED);
        assertRefused("not-a-jwt", ErrorCode.UNAUTHORIZED);
        assertRefused("yJhbGciOi.Jz.dWI", ErrorCode.UNAUTHORIZED);
    }

    @Test
    void refusesEveryTokenOfARevokedSessionAtOnce() {
        String session = "s-" + UUID.randomUUID();
        String token = tokens.accessToken("alice", session);
        assertThat(verifier.verify(token).userId()).isEqualTo("alice");

        revocations.revoke(session, Duration.ofMinutes(1));

        assertRefused(token, ErrorCode.UNAUTHORIZED);
        assertRefused(tokens.accessToken("alice", session), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void tellsWhichOfManySessionsAreRevokedInOneAsk() {
        String revoked = "s-" + UUID.randomUUID();
        String live = "s-" + UUID.randomUUID();
        revocations.revoke(revoked, Duration.ofMinutes(1));

        assertThat(revocations.revokedAmong(List.of(live, revoked, live))).containsExactly(revoked);
        assertThat(revocations.revokedAmong(List.of(live))).isEmpty();
    }

    private static String kidOf(String token) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void assertRefused(String token, ErrorCode code) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
