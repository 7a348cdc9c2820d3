package im.relay.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {

    @Test
    void showsEachChangedKeyWithItsValueBeforeAndAfter() {
        Map<String, Object> before = new TreeMap<>(Map.of("relay.gateway.rate-limits.per-ip.burst", 1000));
        Map<String, Object> after = new TreeMap<>(Map.of("relay.gateway.rate-limits.per-ip.burst", 5));
        after.put("logging.level.im.relay", "DEBUG");

        assertThat(ConfigChanges.describe(before, after))
                .isEqualTo("logging.level.im.relay: (unset) → DEBUG, relay.gateway.rate-limits.per-ip.burst: 1000 → 5");
    }

    @Test
    void masksSecretValuesByTheirKey() {
        Map<String, Object> before = Map.of(
                "spring.datasource.password", "old-pw",
                "relay.message-gateway.node-secret", "s1",
                "relay.auth.key-encryption-key", "k1",
                "relay.auth.jwt-token", "t1");
        Map<String, Object> after = new TreeMap<>(Map.of(
                "spring.datasource.password", "new-pw",
                "relay.message-gateway.node-secret", "s2",
                "relay.auth.key-encryption-key", "k2",
                "relay.auth.jwt-token", "t2"));

        String line = ConfigChanges.describe(before, after);

        assertThat(line).doesNotContain("pw", "s1", "s2", "k1", "k2", "t1", "t2");
        assertThat(line).contains("spring.datasource.password: ****** → ******");
    }

    @Test
    void masksPasswordsInsideUrls() {
        Map<String, Object> after = new TreeMap<>(Map.of(
                "spring.data.redis.url", "redis://relay:hunter2@cache:6379",
                "spring.datasource.url", "jdbc:postgresql://db:5432/relay?user=relay&password=hunter2"));

        String line = ConfigChanges.describe(Map.of(), after);

        assertThat(line)
                .doesNotContain("hunter2")
                .contains("redis://relay:******@cache:6379")
                .contains("password=******");
    }

    @Test
    void masksEveryValueThatAMountedSecretHolds() {
        Map<String, Object> after = new TreeMap<>(Map.of("spring.data.redis.url", "redis://cache:6379"));

        assertThat(ConfigChanges.describe(Map.of(), after, java.util.Set.of("spring.data.redis.url")))
                .isEqualTo("spring.data.redis.url: (unset) → ******");
    }

    @Test
    void cutsLongValues() {
        String routes = "x".repeat(500);
        assertThat(ConfigChanges.describe(Map.of(), new TreeMap<>(Map.of("a.routes", routes))))
                .hasSizeLessThan(120)
                .endsWith("…");
    }
}
