package im.relay.common.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Stands in for auth-service at its process boundary in one service's tests: an RS256 key, and an ES256 one as an
 * older installation has, whose JWKS is served over real HTTP, and access tokens shaped like auth-service's. Cross-service tests use the real auth-service.
 *
 * <pre>{@code
 * TestTokens tokens = TestTokens.start();   // --relay.auth.jwks-uri=tokens.jwksUri()
 * String bearer = tokens.accessToken("user-1");
 * }</pre>
 */
public final class TestTokens implements AutoCloseable {

    public static final String ISSUER = "relay";
    public static final String AUDIENCE = "relay-api";

    private final RSAKey key;
    private final ECKey olderKey;
    private final HttpServer server;

    private TestTokens(RSAKey key, ECKey olderKey, HttpServer server) {
        this.key = key;
        this.olderKey = olderKey;
        this.server = server;
    }

    public static TestTokens start() {
        try {
            RSAKey key =
                    new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            ECKey olderKey = new ECKeyGenerator(Curve.P_256)
                    .keyID("test-es256-" + UUID.randomUUID())
                    .generate();
            byte[] jwks = new JWKSet(List.of(key.toPublicJWK(), olderKey.toPublicJWK()))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            server.start();
            return new TestTokens(key, olderKey, server);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    public String accessToken(String userId) {
        return accessToken(userId, "session-" + userId);
    }

    public String accessToken(String userId, String sessionId) {
        return sign(claims(userId, sessionId).build());
    }

    /** Valid claims for 15 minutes, to be altered by tests. */
    public JWTClaimsSet.Builder claims(String userId, String sessionId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId)
                .claim(AccessTokenClaims.SESSION_ID, sessionId)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))));
    }

    public String sign(JWTClaimsSet claims) {
        return sign(AccessTokenClaims.TYPE, claims);
    }

    public String sign(JOSEObjectType type, JWTClaimsSet claims) {
        return sign(key, key.getKeyID(), type, claims);
    }

    /** The public RS256 key, as the JWKS publishes it. */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    /** ES256, by the published key of an older installation. */
    public String signWithOlderKey(JWTClaimsSet claims) {
        return sign(olderKey, olderKey.getKeyID(), AccessTokenClaims.TYPE, claims);
    }

    /** Signs with any key (RS256 for an RSA key, ES256 for an EC one), kid and typ: for tokens that must be refused. */
    public static String sign(JWK key, String keyId, JOSEObjectType type, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256)
                            .keyID(keyId)
                            .type(type)
                            .build(),
                    claims);
            jwt.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
