package im.relay.user.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table. Lookups by username and email are case-insensitive (unique indexes on lower()). */
@Repository
class UserRepository {

    /** A user with their password hash: only for checking a password. */
    record StoredCredentials(UserAccount account, String passwordHash) {}

    private static final String COLUMNS = "id, username, email, nickname, avatar_url, created_at, updated_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UserAccount user, String passwordHash) {
        jdbc.sql("""
                        INSERT INTO users (id, username, email, nickname, avatar_url, password_hash, created_at, updated_at)
                        VALUES (:id, :username, :email, :nickname, :avatarUrl, :hash, :createdAt, :updatedAt)
                        """)
                .param("id", user.id())
                .param("username", user.username())
                .param("email", user.email())
                .param("nickname", user.nickname())
                .param("avatarUrl", user.avatarUrl())
                .param("hash", passwordHash)
                .param("createdAt", Timestamp.from(user.createdAt()))
                .param("updatedAt", Timestamp.from(user.updatedAt()))
                .update();
    }

    Optional<UserAccount> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .param("id", id)
                .query(UserRepository::account)
                .optional();
    }

    List<UserAccount> findByIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(UUID[]::new))
                .query(UserRepository::account)
                .list();
    }

    Optional<UserAccount> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE lower(username) = lower(:username)")
                .param("username", username)
                .query(UserRepository::account)
                .optional();
    }

    Optional<StoredCredentials> findCredentials(String username) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash FROM users WHERE lower(username) = lower(:username)")
                .param("username", username)
                .query((rs, row) -> new StoredCredentials(account(rs, row), rs.getString("password_hash")))
                .optional();
    }

    Optional<String> findPasswordHash(UUID id) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /** Users whose username or nickname contains {@code query}, case-insensitively; exact usernames first. */
    List<UserAccount> search(String query, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM users
                         WHERE lower(username) LIKE :pattern ESCAPE '\\' OR lower(nickname) LIKE :pattern ESCAPE '\\'
                         ORDER BY lower(username) = lower(:query) DESC, lower(username), id
                         LIMIT :limit OFFSET :offset
                        """)
                .param("pattern", containing(query))
                .param("query", query)
                .param("limit", limit)
                .param("offset", offset)
                .query(UserRepository::account)
                .list();
    }

    long countMatching(String query) {
        return jdbc.sql("""
                        SELECT count(*) FROM users
                        WHERE lower(username) LIKE :pattern ESCAPE '\\' OR lower(nickname) LIKE :pattern ESCAPE '\\'
                        """)
                .param("pattern", containing(query))
                .query(Long.class)
                .single();
    }

    void updateProfile(UserAccount user) {
        jdbc.sql("""
                        UPDATE users SET nickname = :nickname, avatar_url = :avatarUrl, email = :email,
                               updated_at = :updatedAt
                        WHERE id = :id
                        """)
                .param("id", user.id())
                .param("nickname", user.nickname())
                .param("avatarUrl", user.avatarUrl())
                .param("email", user.email())
                .param("updatedAt", Timestamp.from(user.updatedAt()))
                .update();
    }

    void updatePasswordHash(UUID id, String hash, Instant at) {
        jdbc.sql("UPDATE users SET password_hash = :hash, updated_at = :at WHERE id = :id")
                .param("id", id)
                .param("hash", hash)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Deletes the user's row and keeps their id as deleted; false when there was no such row (already deleted). */
    boolean delete(UUID id, Instant at) {
        if (jdbc.sql("DELETE FROM users WHERE id = :id").param("id", id).update() == 0) {
            return false;
        }
        jdbc.sql("INSERT INTO deleted_users (id, deleted_at) VALUES (:id, :at) ON CONFLICT (id) DO NOTHING")
                .param("id", id)
                .param("at", Timestamp.from(at))
                .update();
        return true;
    }

    boolean wasDeleted(UUID id) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM deleted_users WHERE id = :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    private static String containing(String query) {
        String escaped = query.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private static UserAccount account(ResultSet rs, int row) throws SQLException {
        return new UserAccount(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                rs.getString("email"),
                rs.getString("nickname"),
                rs.getString("avatar_url"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
