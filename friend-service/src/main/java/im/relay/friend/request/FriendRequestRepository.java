package im.relay.friend.request;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Friend requests, pending and decided. */
@Repository
public class FriendRequestRepository {

    private static final String COLUMNS = "id, from_user, to_user, message, status, created_at";

    private final JdbcClient jdbc;

    FriendRequestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(FriendRequest request) {
        jdbc.sql("""
                        INSERT INTO friend_requests (id, from_user, to_user, message, status, created_at, decided_at)
                        VALUES (:id, :from, :to, :message, :status, :createdAt, :decidedAt)
                        """)
                .param("id", request.id())
                .param("from", request.fromUserId())
                .param("to", request.toUserId())
                .param("message", request.message())
                .param("status", request.status().name())
                .param("createdAt", Timestamp.from(request.createdAt()))
                .param(
                        "decidedAt",
                        request.status() == FriendRequest.Status.PENDING ? null : Timestamp.from(request.createdAt()),
                        java.sql.Types.TIMESTAMP)
                .update();
    }

    /** The pending request from one user to another, locked for the rest of the transaction. */
    Optional<FriendRequest> lockPending(UUID from, UUID to) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM friend_requests WHERE from_user = :from AND to_user = :to AND status = 'PENDING'"
                        + " FOR UPDATE")
                .param("from", from)
                .param("to", to)
                .query(FriendRequestRepository::request)
                .optional();
    }

    Optional<FriendRequest> lockById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM friend_requests WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query(FriendRequestRepository::request)
                .optional();
    }

    List<FriendRequest> pending(UUID userId, boolean incoming) {
        String column = incoming ? "to_user" : "from_user";
        return jdbc.sql("SELECT " + COLUMNS + " FROM friend_requests WHERE " + column
                        + " = :user AND status = 'PENDING' ORDER BY created_at DESC, id DESC")
                .param("user", userId)
                .query(FriendRequestRepository::request)
                .list();
    }

    void decide(UUID id, FriendRequest.Status status, Instant at) {
        jdbc.sql("UPDATE friend_requests SET status = :status, decided_at = :at WHERE id = :id")
                .param("id", id)
                .param("status", status.name())
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Rejects whatever is pending between two users, in both directions (a block ends the asking). */
    public void rejectPendingBetween(UUID a, UUID b, Instant at) {
        jdbc.sql("""
                        UPDATE friend_requests SET status = 'REJECTED', decided_at = :at
                        WHERE status = 'PENDING'
                          AND ((from_user = :a AND to_user = :b) OR (from_user = :b AND to_user = :a))
                        """)
                .param("a", a)
                .param("b", b)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Every request from or to the user, pending or decided (a deleted account keeps no history here). */
    public int deleteAllOf(UUID userId) {
        return jdbc.sql("DELETE FROM friend_requests WHERE from_user = :user OR to_user = :user")
                .param("user", userId)
                .update();
    }

    private static FriendRequest request(ResultSet rs, int row) throws SQLException {
        return new FriendRequest(
                rs.getObject("id", UUID.class),
                rs.getObject("from_user", UUID.class),
                rs.getObject("to_user", UUID.class),
                rs.getString("message"),
                FriendRequest.Status.valueOf(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant());
    }
}
