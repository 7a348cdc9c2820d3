package im.relay.friend.graph;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Friendships (a row per side) and blocks: the social graph that decides who may message whom. */
@Repository
class FriendshipRepository {

    /** My side of a friendship. */
    record Link(UUID friendId, String remark, Instant since) {}

    /** A user I blocked. */
    record BlockedUser(UUID userId, Instant since) {}

    private final JdbcClient jdbc;

    FriendshipRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean areFriends(UUID a, UUID b) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM friendships WHERE user_id = :a AND friend_id = :b)")
                .param("a", a)
                .param("b", b)
                .query(Boolean.class)
                .single();
    }

    void befriend(UUID a, UUID b, Instant since) {
        jdbc.sql("""
                        INSERT INTO friendships (user_id, friend_id, since) VALUES (:a, :b, :since), (:b, :a, :since)
                        ON CONFLICT DO NOTHING
                        """)
                .param("a", a)
                .param("b", b)
                .param("since", Timestamp.from(since))
                .update();
    }

    List<Link> friendsOf(UUID userId) {
        return jdbc.sql(
                        "SELECT friend_id, remark, since FROM friendships WHERE user_id = :user ORDER BY since, friend_id")
                .param("user", userId)
                .query((rs, row) -> new Link(
                        rs.getObject("friend_id", UUID.class),
                        rs.getString("remark"),
                        rs.getTimestamp("since").toInstant()))
                .list();
    }

    boolean setRemark(UUID userId, UUID friendId, String remark) {
        return jdbc.sql("UPDATE friendships SET remark = :remark WHERE user_id = :user AND friend_id = :friend")
                        .param("user", userId)
                        .param("friend", friendId)
                        .param("remark", remark)
                        .update()
                == 1;
    }

    boolean unfriend(UUID a, UUID b) {
        return jdbc.sql("""
                                DELETE FROM friendships
                                WHERE (user_id = :a AND friend_id = :b) OR (user_id = :b AND friend_id = :a)
                                """).param("a", a).param("b", b).update() > 0;
    }

    boolean blockedEitherWay(UUID a, UUID b) {
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

    /** My friends who may see my presence: no block between us in either direction. */
    List<UUID> presenceAudience(UUID userId) {
        return jdbc.sql("""
                        SELECT f.friend_id FROM friendships f
                        WHERE f.user_id = :user
                          AND NOT EXISTS (SELECT 1 FROM blocks b
                                          WHERE (b.user_id = :user AND b.blocked_id = f.friend_id)
                                             OR (b.user_id = f.friend_id AND b.blocked_id = :user))
                        """).param("user", userId).query(UUID.class).list();
    }
}
