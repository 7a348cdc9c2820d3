package im.relay.messagestore.tables;

import static im.relay.messagestore.tables.Rows.array;

import java.util.List;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code read_cursor} table: how far each user has read in each conversation. */
public class CursorRepository {

    /** A user's cursor in a conversation, ordered so that every transaction locks cursor rows in the same order. */
    public record CursorKey(UUID userId, String conversationId) implements Comparable<CursorKey> {
        @Override
        public int compareTo(CursorKey other) {
            int byUser = userId.toString().compareTo(other.userId.toString());
            return byUser != 0 ? byUser : conversationId.compareTo(other.conversationId);
        }
    }

    private final JdbcClient jdbc;

    public CursorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Moves cursors forward to the given seqs (never back); creates missing ones. A cursor already there is left
     * untouched, not rewritten: every private send names the peer's cursor at 0, and an update that changes nothing
     * still writes a new row version (WAL, then vacuum) per message.
     */
    public void raiseCursors(SortedMap<CursorKey, Long> cursors) {
        if (cursors.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO read_cursor AS r (user_id, conversation_id, read_seq)
                        SELECT * FROM unnest(:users, :conversations, :seqs)
                        ON CONFLICT (user_id, conversation_id)
                            DO UPDATE SET read_seq = excluded.read_seq WHERE r.read_seq < excluded.read_seq
                        """)
                .param(
                        "users",
                        array(
                                "uuid",
                                cursors.keySet().stream().map(CursorKey::userId).toArray(UUID[]::new)))
                .param(
                        "conversations",
                        array(
                                "text",
                                cursors.keySet().stream()
                                        .map(CursorKey::conversationId)
                                        .toArray(String[]::new)))
                .param("seqs", array("bigint", cursors.values().toArray(Long[]::new)))
                .update();
    }

    /** Moves a cursor forward, clamped to the conversation's max seq; answers the cursor before and after. */
    public long[] markRead(UUID userId, String conversationId, long seq) {
        long before = jdbc.sql(
                        "SELECT read_seq FROM read_cursor WHERE user_id = :user AND conversation_id = :conversation"
                                + " FOR UPDATE")
                .param("user", userId)
                .param("conversation", conversationId)
                .query(Long.class)
                .optional()
                .orElse(0L);
        // no cursor for a conversation without messages: it would list an empty private chat
        long after = jdbc.sql("""
                        INSERT INTO read_cursor AS r (user_id, conversation_id, read_seq)
                        SELECT :user, c.id, LEAST(:seq, c.max_seq) FROM conversation c WHERE c.id = :conversation
                        ON CONFLICT (user_id, conversation_id)
                            DO UPDATE SET read_seq = GREATEST(r.read_seq, excluded.read_seq)
                        RETURNING read_seq
                        """)
                .param("user", userId)
                .param("conversation", conversationId)
                .param("seq", Math.max(seq, 0))
                .query(Long.class)
                .optional()
                .orElse(before);
        return new long[] {before, after};
    }

    /** The conversations in which the user holds a cursor, among those whose id starts with {@code prefix}. */
    public List<String> conversationsWithCursor(UUID userId, String prefix) {
        return jdbc.sql(
                        "SELECT conversation_id FROM read_cursor WHERE user_id = :user AND conversation_id LIKE :prefix")
                .param("user", userId)
                .param("prefix", prefix + "%")
                .query(String.class)
                .list();
    }
}
