package im.relay.auth.session;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sessions and their refresh-token families. */
@Repository
class SessionRepository {

    /** A refresh token with its session, locked for the rest of the transaction. */
    record LockedRefreshToken(Session session, Instant tokenExpiresAt, Instant spentAt, Instant sessionEndedAt) {}

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Session session) {
        jdbc.sql("""
                        INSERT INTO sessions (id, user_id, device_id, platform, created_at, refreshed_at, expires_at)
                        VALUES (:id, :userId, :deviceId, :platform, :createdAt, :createdAt, :expiresAt)
                        """)
                .param("id", session.id())
                .param("userId", session.userId())
                .param("deviceId", session.deviceId())
                .param("platform", session.platform().name())
                .param("createdAt", Timestamp.from(session.createdAt()))
                .param("expiresAt", Timestamp.from(session.expiresAt()))
                .update();
    }

    void insertRefreshToken(byte[] hash, UUID sessionId, Instant issuedAt, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at)
                        VALUES (:hash, :sessionId, :issuedAt, :expiresAt)
                        """)
                .param("hash", hash)
                .param("sessionId", sessionId)
                .param("issuedAt", Timestamp.from(issuedAt))
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
    }

    /** Locks the token's row, so that two uses of one token are decided one after the other. */
    Optional<LockedRefreshToken> lockRefreshToken(byte[] hash) {
        return jdbc.sql("""
                        SELECT s.id, s.user_id, s.device_id, s.platform, s.created_at, s.expires_at, s.ended_at,
                               t.expires_at AS token_expires_at, t.spent_at
                        FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
                        WHERE t.token_hash = :hash
                        FOR UPDATE OF t, s
                        """)
                .param("hash", hash)
                .query((rs, row) -> new LockedRefreshToken(
                        new Session(
                                rs.getObject("id", UUID.class),
                                rs.getObject("user_id", UUID.class),
                                rs.getString("device_id"),
                                Platform.valueOf(rs.getString("platform")),
                                rs.getTimestamp("created_at").toInstant(),
                                rs.getTimestamp("expires_at").toInstant()),
                        rs.getTimestamp("token_expires_at").toInstant(),
                        instant(rs.getTimestamp("spent_at")),
                        instant(rs.getTimestamp("ended_at"))))
                .optional();
    }

    Optional<UUID> findSessionOfRefreshToken(byte[] hash) {
        return jdbc.sql("SELECT session_id FROM refresh_tokens WHERE token_hash = :hash")
                .param("hash", hash)
                .query(UUID.class)
                .optional();
    }

    Optional<UUID> findUserOfSession(UUID sessionId) {
        return jdbc.sql("SELECT user_id FROM sessions WHERE id = :id")
                .param("id", sessionId)
                .query(UUID.class)
                .optional();
    }

    /** The user's sessions that have not ended (an expired one that nobody refreshed counts: ending it is harmless). */
    List<UUID> findLiveSessions(UUID userId) {
        return jdbc.sql("SELECT id FROM sessions WHERE user_id = :userId AND ended_at IS NULL")
                .param("userId", userId)
                .query(UUID.class)
                .list();
    }

    /** The user's live sessions on one platform, read under a lock that serialises logins of that user there. */
    List<UUID> lockLiveSessions(UUID userId, Platform platform) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "session:" + userId + ":" + platform.name())
                .query((rs, row) -> 1)
                .list();
        return jdbc.sql("""
                        SELECT id FROM sessions
                        WHERE user_id = :userId AND platform = :platform AND ended_at IS NULL
                        """)
                .param("userId", userId)
                .param("platform", platform.name())
                .query(UUID.class)
                .list();
    }

    void spend(byte[] hash, Instant at) {
        jdbc.sql("UPDATE refresh_tokens SET spent_at = :at WHERE token_hash = :hash AND spent_at IS NULL")
                .param("hash", hash)
                .param("at", Timestamp.from(at))
                .update();
    }

    void extend(UUID sessionId, Instant refreshedAt, Instant expiresAt) {
        jdbc.sql("UPDATE sessions SET refreshed_at = :refreshedAt, expires_at = :expiresAt WHERE id = :id")
                .param("id", sessionId)
                .param("refreshedAt", Timestamp.from(refreshedAt))
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
    }

    /** Ends the session and spends every refresh token of its family; false if it had already ended. */
    boolean end(UUID sessionId, String reason, Instant at) {
        int ended = jdbc.sql("""
                        UPDATE sessions SET ended_at = :at, end_reason = :reason
                        WHERE id = :id AND ended_at IS NULL
                        """)
                .param("id", sessionId)
                .param("reason", reason)
                .param("at", Timestamp.from(at))
                .update();
        jdbc.sql("UPDATE refresh_tokens SET spent_at = :at WHERE session_id = :id AND spent_at IS NULL")
                .param("id", sessionId)
                .param("at", Timestamp.from(at))
                .update();
        return ended == 1;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
