package im.relay.messagestore.tables;

import static im.relay.messagestore.tables.Rows.array;

import im.relay.messagestore.model.StoredMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code conversation} table: each conversation's max seq, and the conversation list built on it. */
public class ConversationRepository {

    /** A conversation as one user sees it. {@code last} is absent when the user sees no message in it. */
    public record Overview(
            String conversationId,
            long maxSeq,
            long readSeq,
            long mentionedCount,
            Instant updatedAt,
            StoredMessage last) {}

    private static final String MENTIONED_COUNT = "(SELECT count(*) FROM message x WHERE x.conversation_id = c.id"
            + " AND x.seq > COALESCE(r.read_seq, 0) AND (x.mentions_all OR x.mentions IS NOT NULL)"
            + " AND (x.mentions_all OR :viewer = ANY(x.mentions)) AND x.sender_id <> :viewer"
            + " AND x.recalled_at IS NULL AND NOT EXISTS (SELECT 1 FROM hidden_message h"
            + " WHERE h.user_id = :viewer AND h.message_id = x.id)) AS mentioned_count";

    private final JdbcClient jdbc;

    public ConversationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Hands out {@code count} new seqs in each conversation and answers the highest. Rows are locked in id order,
     * so that concurrent batches (of this instance or another) wait for each other instead of deadlocking.
     */
    public Map<String, Long> advance(SortedMap<String, Integer> counts, Instant at) {
        Map<String, Long> maxSeqs = new HashMap<>();
        jdbc.sql("""
                        INSERT INTO conversation AS c (id, max_seq, updated_at)
                        SELECT id, n, :at FROM unnest(:ids, :counts) AS t(id, n) ORDER BY id
                        ON CONFLICT (id) DO UPDATE SET max_seq = c.max_seq + excluded.max_seq, updated_at = :at
                        RETURNING id, max_seq
                        """)
                .param("ids", array("text", counts.keySet().toArray(String[]::new)))
                .param(
                        "counts",
                        array(
                                "bigint",
                                counts.values().stream().map(Long::valueOf).toArray(Long[]::new)))
                .param("at", Timestamp.from(at))
                .query((rs, n) -> maxSeqs.put(rs.getString("id"), rs.getLong("max_seq")))
                .list();
        return maxSeqs;
    }

    public long maxSeq(String conversationId) {
        return jdbc.sql("SELECT max_seq FROM conversation WHERE id = :id")
                .param("id", conversationId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /**
     * Seqs, the user's cursor, the unread messages mentioning the user (or @all, found through the partial index
     * {@code message_mentions}) and the newest message the user sees, for each of the given conversations.
     */
    public Map<String, Overview> overview(UUID viewer, Collection<String> conversationIds) {
        Map<String, Overview> overviews = new LinkedHashMap<>();
        jdbc.sql("SELECT c.id AS conversation, c.max_seq, c.updated_at, COALESCE(r.read_seq, 0) AS read_seq, "
                        + MENTIONED_COUNT + ", "
                        + Rows.COLUMNS
                        + " FROM conversation c"
                        + " LEFT JOIN read_cursor r ON r.user_id = :viewer AND r.conversation_id = c.id"
                        + " LEFT JOIN LATERAL (SELECT * FROM message m WHERE m.conversation_id = c.id AND "
                        + Rows.VISIBLE_TO_VIEWER + " ORDER BY m.seq DESC LIMIT 1) m ON true"
                        + " WHERE c.id = ANY(:ids)")
                .param("viewer", viewer)
                .param("ids", array("text", conversationIds.toArray(String[]::new)))
                .query((rs, n) -> overviews.put(
                        rs.getString("conversation"),
                        new Overview(
                                rs.getString("conversation"),
                                rs.getLong("max_seq"),
                                rs.getLong("read_seq"),
                                rs.getLong("mentioned_count"),
                                rs.getTimestamp("updated_at").toInstant(),
                                rs.getObject("sender_id") == null ? null : Rows.message(rs, n))))
                .list();
        return overviews;
    }
}
