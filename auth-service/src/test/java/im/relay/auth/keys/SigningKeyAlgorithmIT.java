package im.relay.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import im.relay.auth.AuthServiceApplication;
import im.relay.common.testing.TestServices;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Access tokens are RS256; an installation whose signing key is still an ES256 one (the algorithm before 2026-12) moves
 * to RS256 by a rotation with the usual overlap, so no token in flight stops verifying.
 */
class SigningKeyAlgorithmIT {

    private final Map<String, String> engines = EngineProperties.forPurpose("auth_key_algorithm");

    @Test
    void anInstallationSigningWithAnEs256KeyRotatesToRs256WithoutDroppingTheOldKeysTokens() throws Exception {
        ECKey older = new ECKeyGenerator(Curve.P_256)
                .keyID("older-es256")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .generate();
        Instant created = Instant.now().minus(Duration.ofDays(1));
        try (ConfigurableApplicationContext auth = start()) {
            assertThat(auth.getBean(SigningKeyService.class).signingKey())
                    .as("a new installation's first key")
                    .isInstanceOf(RSAKey.class)
                    .extracting(JWK::getAlgorithm)
                    .isEqualTo(JWSAlgorithm.RS256);
            // as the table of an installation from before RS256: one ES256 key, signing for a day
            JdbcClient jdbc = auth.getBean(JdbcClient.class);
            jdbc.sql("DELETE FROM signing_keys").update();
            jdbc.sql("INSERT INTO signing_keys (kid, private_jwk, created_at, active_from) VALUES (?, ?, ?, ?)")
                    .params(older.getKeyID(), older.toJSONString(), Timestamp.from(created), Timestamp.from(created))
                    .update();
        }

        try (ConfigurableApplicationContext auth = start()) {
            SigningKeyService keys = auth.getBean(SigningKeyService.class);
            assertThat(keys.signingKey().getKeyID())
                    .as("the ES256 key signs on while its successor is published ahead")
                    .isEqualTo(older.getKeyID());
            List<JWK> published = keys.publicKeys().getKeys();
            assertThat(published).extracting(JWK::getKeyID).contains(older.getKeyID());
            JWK successor = published.stream()
                    .filter(key -> !key.getKeyID().equals(older.getKeyID()))
                    .findFirst()
                    .orElseThrow();
            assertThat(successor).isInstanceOf(RSAKey.class);
            assertThat(successor.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(successor.isPrivate()).isFalse();

            Map<String, Object> rows = auth.getBean(JdbcClient.class)
                    .sql("""
                            SELECT new.active_from AS signs_from, old.retire_at AS retires_at
                              FROM signing_keys new, signing_keys old
                             WHERE new.kid = ? AND old.kid = ?
                            """)
                    .params(successor.getKeyID(), older.getKeyID())
                    .query()
                    .singleRow();
            Instant signsFrom = ((Timestamp) rows.get("signs_from")).toInstant();
            Instant retiresAt = ((Timestamp) rows.get("retires_at")).toInstant();
            assertThat(Duration.between(Instant.now(), signsFrom))
                    .as("published ten minutes before it signs")
                    .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
            assertThat(Duration.between(signsFrom, retiresAt))
                    .as("the ES256 key verifies until the last token it signed has expired (15 min + skew)")
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(15));
        }
    }

    private ConfigurableApplicationContext start() {
        Map<String, String> properties = new HashMap<>(engines);
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put(
                "spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        return TestServices.start(AuthServiceApplication.class, properties);
    }
}
