package im.relay.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.auth.AuthServiceApplication;
import im.relay.common.testing.TestServices;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The private signing keys are sealed at rest under the key-encryption key of configuration: the table holds no
 * private key material, a rotation of the encryption key reseals them, and a wrong key refuses to start.
 */
class SigningKeyEncryptionIT {

    private static final String FIRST_KEY = "first-encryption-key-0123456789abcdef";
    private static final String SECOND_KEY = "second-encryption-key-0123456789abcdef";

    private final Map<String, String> engines = EngineProperties.forPurpose("auth_key_encryption");

    @Test
    void storesPrivateKeysOnlySealedAndResealsThemWhenTheEncryptionKeyRotates() {
        String kid;
        try (ConfigurableApplicationContext auth = start(Map.of("relay.auth.keys.encryption-key", FIRST_KEY))) {
            List<String> stored = storedKeys(auth);
            assertThat(stored)
                    .isNotEmpty()
                    .allSatisfy(jwk -> assertThat(jwk)
                            .as("a JWE, not a JWK with its private part \"d\"")
                            .startsWith("ey")
                            .doesNotContain("\"d\""));
            kid = auth.getBean(SigningKeyService.class).signingKey().getKeyID();
        }

        try (ConfigurableApplicationContext auth = start(Map.of(
                "relay.auth.keys.encryption-key", SECOND_KEY,
                "relay.auth.keys.previous-encryption-keys", FIRST_KEY))) {
            assertThat(auth.getBean(SigningKeyService.class).signingKey().getKeyID())
                    .as("the same signing key, opened under the previous encryption key")
                    .isEqualTo(kid);
            assertThat(storedKeys(auth)).allSatisfy(jwk -> assertThat(jwk).startsWith("ey"));
        }

        try (ConfigurableApplicationContext auth = start(Map.of("relay.auth.keys.encryption-key", SECOND_KEY))) {
            assertThat(auth.getBean(SigningKeyService.class).signingKey().getKeyID())
                    .as("resealed under the new encryption key, so the old one is no longer needed")
                    .isEqualTo(kid);
        }

        assertThatThrownBy(() -> start(Map.of("relay.auth.keys.encryption-key", "a-key-nobody-configured-before-x")))
                .hasStackTraceContaining("neither relay.auth.keys.encryption-key nor one of previous-encryption-keys");
    }

    private ConfigurableApplicationContext start(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(engines);
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put(
                "spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        properties.putAll(extra);
        return TestServices.start(AuthServiceApplication.class, properties);
    }

    private static List<String> storedKeys(ConfigurableApplicationContext auth) {
        return auth.getBean(JdbcClient.class)
                .sql("SELECT private_jwk FROM signing_keys")
                .query(String.class)
                .list();
    }
}
