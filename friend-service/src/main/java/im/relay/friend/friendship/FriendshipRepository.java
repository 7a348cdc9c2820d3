package im.relay.friend.friendship;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Friendships, a row per side, each with that side's remark. */
@Repository
class FriendshipRepository {

    /** My side of a friendship. */
    record Link(UUID friendId, String remark, Instant since) {}

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
