package im.relay.auth.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The signing keys, private parts included: this table is auth-service's alone. */
@Repository
class SigningKeyRepository {

    /** Any constant: serializes rotation across auth-service instances. */
    private static final long ROTATION_LOCK = 0x52454c4159L;

    private final JdbcClient jdbc;
    private final SigningKeyCipher cipher;

    SigningKeyRepository(JdbcClient jdbc, SigningKeyCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Holds until the transaction ends. */
    void lockForRotation() {
        jdbc.sql("SELECT pg_advisory_xact_lock(:lock)")
                .param("lock", ROTATION_LOCK)
                .query()
                .singleRow();
    }

    List<SigningKey> findAll() {
        return jdbc.sql("SELECT private_jwk, created_at, active_from, retire_at FROM signing_keys ORDER BY active_from")
                .query((rs, row) -> new SigningKey(
                        cipher.open(rs.getString("private_jwk")),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("active_from").toInstant(),
                        rs.getTimestamp("retire_at") == null
                                ? null
                                : rs.getTimestamp("retire_at").toInstant()))
                .list();
    }

    void insert(SigningKey key) {
        jdbc.sql("""
                        INSERT INTO signing_keys (kid, private_jwk, created_at, active_from)
                        VALUES (:kid, :jwk, :createdAt, :activeFrom)
                        """)
                .param("kid", key.kid())
                .param("jwk", cipher.seal(key.jwk()))
                .param("createdAt", Timestamp.from(key.createdAt()))
                .param("activeFrom", Timestamp.from(key.activeFrom()))
                .update();
    }

    void retireUnretiredBefore(Instant activeBefore, Instant retireAt) {
        jdbc.sql("UPDATE signing_keys SET retire_at = :retireAt WHERE retire_at IS NULL AND active_from < :before")
                .param("retireAt", Timestamp.from(retireAt))
                .param("before", Timestamp.from(activeBefore))
                .update();
    }

    /**
     * Seals anew, under the current encryption key, every key stored plain or under a previous one; answers how
     * many. Within the rotation lock's transaction.
     */
    int resealAll() {
        record Stored(String kid, String jwk) {}
        List<Stored> stale = jdbc
                .sql("SELECT kid, private_jwk FROM signing_keys")
                .query((rs, row) -> new Stored(rs.getString("kid"), rs.getString("private_jwk")))
                .list()
                .stream()
                .filter(stored -> cipher.needsResealing(stored.jwk()))
                .toList();
        for (Stored stored : stale) {
            jdbc.sql("UPDATE signing_keys SET private_jwk = :jwk WHERE kid = :kid")
                    .param("jwk", cipher.seal(cipher.open(stored.jwk())))
                    .param("kid", stored.kid())
                    .update();
        }
        return stale.size();
    }
}
