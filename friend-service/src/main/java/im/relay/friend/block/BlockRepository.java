package im.relay.friend.block;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Blocks, one row per blocker and blocked user. */
@Repository
public class BlockRepository {

    /** A user I blocked. */
    record BlockedUser(UUID userId, Instant since) {}

    private final JdbcClient jdbc;

    BlockRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean blockedEitherWay(UUID a, UUID b) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM blocks
                                       WHERE (user_id = :a AND blocked_id = :b) OR (user_id = :b AND blocked_id = :a))
                        """).param("a", a).param("b", b).query(Boolean.class).single();
    }

    /** Those among {@code userIds} who blocked {@code userId}. */
    List<UUID> blockersAmong(UUID userId, Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT user_id FROM blocks WHERE blocked_id = :blocked AND user_id IN (:users)")
                .param("blocked", userId)
                .param("users", userIds)
                .query(UUID.class)
                .list();
    }

    boolean block(UUID userId, UUID blockedId, Instant at) {
        return jdbc.sql("""
                                INSERT INTO blocks (user_id, blocked_id, created_at) VALUES (:user, :blocked, :at)
                                ON CONFLICT DO NOTHING
                                """)
                        .param("user", userId)
                        .param("blocked", blockedId)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    boolean unblock(UUID userId, UUID blockedId) {
        return jdbc.sql("DELETE FROM blocks WHERE user_id = :user AND blocked_id = :blocked")
                        .param("user", userId)
                        .param("blocked", blockedId)
                        .update()
                == 1;
    }

    List<BlockedUser> blockedBy(UUID userId) {
        return jdbc.sql("SELECT blocked_id, created_at FROM blocks WHERE user_id = :user ORDER BY created_at DESC")
                .param("user", userId)
                .query((rs, row) -> new BlockedUser(
                        rs.getObject("blocked_id", UUID.class),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Those who blocked {@code userId}. */
    List<UUID> blockersOf(UUID userId) {
        return jdbc.sql("SELECT user_id FROM blocks WHERE blocked_id = :user")
                .param("user", userId)
                .query(UUID.class)
                .list();
    }
}
