package im.relay.auth.keys;

import com.nimbusds.jose.jwk.ECKey;
import java.sql.Timestamp;
import java.text.ParseException;
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

    SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                        parse(rs.getString("private_jwk")),
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
                .param("jwk", key.jwk().toJSONString())
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

    private static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is corrupt", e);
        }
    }
}
