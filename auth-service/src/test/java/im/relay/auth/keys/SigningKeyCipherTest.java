package im.relay.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeyCipherTest {

    private final ECKey key = generate();

    @Test
    void sealsAKeySoThatOnlyTheEncryptionKeyOpensIt() {
        SigningKeyCipher cipher = cipher("current-key", List.of());

        String stored = cipher.seal(key);

        assertThat(stored).startsWith("ey").doesNotContain(key.getD().toString());
        assertThat(cipher.open(stored)).isEqualTo(key);
        assertThat(cipher.needsResealing(stored)).isFalse();
        assertThatThrownBy(() -> cipher("another-key", List.of()).open(stored))
                .hasMessageContaining("sealed under encryption key");
    }

    @Test
    void opensKeysSealedUnderAPreviousEncryptionKeyAndAsksToResealThem() {
        String stored = cipher("old-key", List.of()).seal(key);
        SigningKeyCipher rotated = cipher("new-key", List.of("old-key"));

        assertThat(rotated.open(stored)).isEqualTo(key);
        assertThat(rotated.needsResealing(stored)).isTrue();
        assertThat(rotated.needsResealing(rotated.seal(key))).isFalse();
    }

    @Test
    void keepsPlainKeysReadableAndSealsThemOnceAnEncryptionKeyIsSet() {
        String plain = cipher("", List.of()).seal(key);

        assertThat(plain).startsWith("{");
        SigningKeyCipher cipher = cipher("current-key", List.of());
        assertThat(cipher.open(plain)).isEqualTo(key);
        assertThat(cipher.needsResealing(plain)).isTrue();
    }

    private static SigningKeyCipher cipher(String current, List<String> previous) {
        return new SigningKeyCipher(new KeyProperties(
                Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofMinutes(1), current, previous));
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
