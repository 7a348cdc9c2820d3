package im.relay.messagestore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/** The SQL of the conversation store. Statements that touch many rows take arrays, one round trip each. */
class MessageRepository {

    /** A user's cursor in a conversation, ordered so that every transaction locks cursor rows in the same order. */
    record CursorKey(UUID userId, String conversationId) implements Comparable<CursorKey> {
        @Override
        public int compareTo(CursorKey other) {
            int byUser = userId.toString().compareTo(other.userId.toString());
            return byUser != 0 ? byUser : conversationId.compareTo(other.conversationId);
        }
    }

    /** A conversation as one user sees it. {@code last} is absent when the user sees no message in it. */
    record Overview(String conversationId, long maxSeq, long readSeq, Instant updatedAt, StoredMessage last) {}

    private static final String COLUMNS = "m.id, m.conversation_id, m.sender_id, m.receiver_id, m.group_id, m.seq,"
            + " m.client_msg_id, m.content_type, m.content, m.sent_at, m.recalled_at,"
            + " m.edited_at, m.edit_version";

    private static final String VISIBLE_TO_VIEWER =
            "NOT EXISTS (SELECT 1 FROM hidden_message h WHERE h.user_id = :viewer AND h.message_id = m.id)";

    private final JdbcClient jdbc;

    MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<NewMessage.Key, StoredMessage> findByClientIds(Collection<NewMessage.Key> keys) {
        Map<NewMessage.Key, StoredMessage> found = new HashMap<>();
        jdbc.sql("SELECT " + COLUMNS
                        + " FROM message m JOIN unnest(:senders, :clientIds) AS k(sender_id, client_msg_id)"
                        + " ON m.sender_id = k.sender_id AND m.client_msg_id = k.client_msg_id")
                .param(
                        "senders",
                        array(
                                "uuid",
                                keys.stream().map(NewMessage.Key::senderId).toArray(UUID[]::new)))
                .param(
                        "clientIds",
                        array(
                                "text",
                                keys.stream().map(NewMessage.Key::clientMsgId).toArray(String[]::new)))
                .query(MessageRepository::message)
                .list()
                .forEach(message -> found.put(new NewMessage.Key(message.senderId(), message.clientMsgId()), message));
        return found;
    }

    /**
     * Hands out {@code count} new seqs in each conversation and answers the highest. Rows are locked in id order,
     * so that concurrent batches (of this instance or another) wait for each other instead of deadlocking.
     */
    Map<String, Long> advance(SortedMap<String, Integer> counts, Instant at) {
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

    void insert(List<StoredMessage> messages) {
        jdbc.sql("""
                        INSERT INTO message (id, conversation_id, seq, sender_id, receiver_id, group_id, client_msg_id,
                                             content_type, content, sent_at)
                        SELECT id, conversation_id, seq, sender_id, receiver_id, group_id, client_msg_id,
                               content_type, content, :sentAt
                        FROM unnest(:ids, :conversations, :seqs, :senders, :receivers, :groups, :clientIds,
                                    :contentTypes, :contents)
                             AS t(id, conversation_id, seq, sender_id, receiver_id, group_id, client_msg_id,
                                  content_type, content)
                        """)
                .param(
                        "ids",
                        array("uuid", messages.stream().map(StoredMessage::id).toArray(UUID[]::new)))
                .param(
                        "conversations",
                        array(
                                "text",
                                messages.stream()
                                        .map(StoredMessage::conversationId)
                                        .toArray(String[]::new)))
                .param(
                        "seqs",
                        array(
                                "bigint",
                                messages.stream().map(StoredMessage::seq).toArray(Long[]::new)))
                .param(
                        "senders",
                        array(
                                "uuid",
                                messages.stream().map(StoredMessage::senderId).toArray(UUID[]::new)))
                .param(
                        "receivers",
                        array(
                                "uuid",
                                messages.stream().map(StoredMessage::receiverId).toArray(UUID[]::new)))
                .param(
                        "groups",
                        array(
                                "uuid",
                                messages.stream().map(StoredMessage::groupId).toArray(UUID[]::new)))
                .param(
                        "clientIds",
                        array(
                                "text",
                                messages.stream()
                                        .map(StoredMessage::clientMsgId)
                                        .toArray(String[]::new)))
                .param(
                        "contentTypes",
                        array(
                                "text",
                                messages.stream()
                                        .map(m -> m.contentType().name())
                                        .toArray(String[]::new)))
                .param(
                        "contents",
                        array(
                                "text",
                                messages.stream().map(StoredMessage::content).toArray(String[]::new)))
                .param("sentAt", Timestamp.from(messages.getFirst().sentAt()))
                .update();
    }

    /** Moves cursors forward to the given seqs (never back); creates missing ones. */
    void raiseCursors(SortedMap<CursorKey, Long> cursors) {
        if (cursors.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO read_cursor AS r (user_id, conversation_id, read_seq)
                        SELECT * FROM unnest(:users, :conversations, :seqs)
                        ON CONFLICT (user_id, conversation_id)
                            DO UPDATE SET read_seq = GREATEST(r.read_seq, excluded.read_seq)
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

    Optional<StoredMessage> find(UUID messageId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message m WHERE m.id = :id")
                .param("id", messageId)
                .query(MessageRepository::message)
                .optional();
    }

    /** Oldest first, between exclusive seqs, without what the viewer deleted for themselves. */
    List<StoredMessage> between(String conversationId, long afterSeq, long beforeSeq, UUID viewer, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message m WHERE m.conversation_id = :conversation"
                        + " AND m.seq > :after AND m.seq < :before AND " + VISIBLE_TO_VIEWER
                        + " ORDER BY m.seq LIMIT :limit")
                .param("conversation", conversationId)
                .param("after", afterSeq)
                .param("before", beforeSeq)
                .param("viewer", viewer)
                .param("limit", limit)
                .query(MessageRepository::message)
                .list();
    }

    /** Newest first, before an exclusive seq. */
    List<StoredMessage> before(String conversationId, long beforeSeq, UUID viewer, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM message m WHERE m.conversation_id = :conversation"
                        + " AND m.seq < :seq AND " + VISIBLE_TO_VIEWER + " ORDER BY m.seq DESC LIMIT :limit")
                .param("conversation", conversationId)
                .param("seq", beforeSeq)
                .param("viewer", viewer)
                .param("limit", limit)
                .query(MessageRepository::message)
                .list();
    }

    long maxSeq(String conversationId) {
        return jdbc.sql("SELECT max_seq FROM conversation WHERE id = :id")
                .param("id", conversationId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** Moves a cursor forward, clamped to the conversation's max seq; answers the cursor before and after. */
    long[] markRead(UUID userId, String conversationId, long seq) {
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
    List<String> conversationsWithCursor(UUID userId, String prefix) {
        return jdbc.sql(
                        "SELECT conversation_id FROM read_cursor WHERE user_id = :user AND conversation_id LIKE :prefix")
                .param("user", userId)
                .param("prefix", prefix + "%")
                .query(String.class)
                .list();
    }

    /** Seqs, the user's cursor and the newest message the user sees, for each of the given conversations. */
    Map<String, Overview> overview(UUID viewer, Collection<String> conversationIds) {
        Map<String, Overview> overviews = new LinkedHashMap<>();
        jdbc.sql("SELECT c.id AS conversation, c.max_seq, c.updated_at, COALESCE(r.read_seq, 0) AS read_seq, " + COLUMNS
                        + " FROM conversation c"
                        + " LEFT JOIN read_cursor r ON r.user_id = :viewer AND r.conversation_id = c.id"
                        + " LEFT JOIN LATERAL (SELECT * FROM message m WHERE m.conversation_id = c.id AND "
                        + VISIBLE_TO_VIEWER + " ORDER BY m.seq DESC LIMIT 1) m ON true"
                        + " WHERE c.id = ANY(:ids)")
                .param("viewer", viewer)
                .param("ids", array("text", conversationIds.toArray(String[]::new)))
                .query((rs, n) -> overviews.put(
                        rs.getString("conversation"),
                        new Overview(
                                rs.getString("conversation"),
                                rs.getLong("max_seq"),
                                rs.getLong("read_seq"),
                                rs.getTimestamp("updated_at").toInstant(),
                                rs.getObject("sender_id") == null ? null : message(rs, n))))
                .list();
        return overviews;
    }

    /** Marks a message recalled, empties it and drops its reactions; false when it already was. */
    boolean recall(UUID messageId, UUID by, Instant at) {
        boolean recalled = jdbc.sql("UPDATE message SET recalled_at = :at, recalled_by = :by, content = ''"
                                + " WHERE id = :id AND recalled_at IS NULL")
                        .param("id", messageId)
                        .param("by", by)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
        if (recalled) {
            // a recalled message shows nothing of what it was: its reactions go too
            jdbc.sql("DELETE FROM message_reaction WHERE message_id = :id")
                    .param("id", messageId)
                    .update();
        }
        return recalled;
    }

    /** Replaces the text of a message not recalled; false when it was recalled meanwhile. */
    boolean edit(UUID messageId, String content, Instant at) {
        return jdbc.sql("UPDATE message SET content = :content, edited_at = :at, edit_version = edit_version + 1"
                                + " WHERE id = :id AND recalled_at IS NULL")
                        .param("id", messageId)
                        .param("content", content)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** Locks a message's row, so that reactions to it change one at a time (the cap counts right). */
    void lock(UUID messageId) {
        jdbc.sql("SELECT id FROM message WHERE id = :id FOR UPDATE")
                .param("id", messageId)
                .query(UUID.class)
                .list();
    }

    /** Adds a user's reaction; false when it was already there. */
    boolean addReaction(UUID messageId, String emoji, UUID userId, Instant at) {
        return jdbc.sql("INSERT INTO message_reaction (message_id, emoji, user_id, created_at)"
                                + " VALUES (:message, :emoji, :user, :at) ON CONFLICT DO NOTHING")
                        .param("message", messageId)
                        .param("emoji", emoji)
                        .param("user", userId)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** Removes a user's reaction; false when there was none. */
    boolean removeReaction(UUID messageId, String emoji, UUID userId) {
        return jdbc.sql("DELETE FROM message_reaction WHERE message_id = :message AND emoji = :emoji"
                                + " AND user_id = :user")
                        .param("message", messageId)
                        .param("emoji", emoji)
                        .param("user", userId)
                        .update()
                == 1;
    }

    /** The distinct emoji on a message other than {@code emoji}. */
    int otherEmoji(UUID messageId, String emoji) {
        return jdbc.sql("SELECT count(DISTINCT emoji) FROM message_reaction WHERE message_id = :message"
                        + " AND emoji <> :emoji")
                .param("message", messageId)
                .param("emoji", emoji)
                .query(Integer.class)
                .single();
    }

    /** The messages with their current reactions, one query for all of them. */
    List<StoredMessage> withReactions(List<StoredMessage> messages) {
        if (messages.isEmpty()) {
            return messages;
        }
        Map<UUID, List<StoredMessage.Reaction>> reactions = new HashMap<>();
        jdbc.sql("""
                        SELECT message_id, emoji, array_agg(user_id ORDER BY created_at, user_id) AS users
                        FROM message_reaction WHERE message_id = ANY(:ids)
                        GROUP BY message_id, emoji ORDER BY message_id, min(created_at), emoji
                        """)
                .param(
                        "ids",
                        array("uuid", messages.stream().map(StoredMessage::id).toArray(UUID[]::new)))
                .query((rs, n) -> reactions
                        .computeIfAbsent(rs.getObject("message_id", UUID.class), id -> new ArrayList<>())
                        .add(new StoredMessage.Reaction(rs.getString("emoji"), List.of((UUID[])
                                rs.getArray("users").getArray()))))
                .list();
        return messages.stream()
                .map(m -> m.withReactions(reactions.getOrDefault(m.id(), List.of())))
                .toList();
    }

    /** One message with its current reactions. */
    Optional<StoredMessage> findWithReactions(UUID messageId) {
        return find(messageId).map(m -> withReactions(List.of(m)).getFirst());
    }

    void hide(UUID userId, UUID messageId) {
        jdbc.sql("INSERT INTO hidden_message (user_id, message_id) VALUES (:user, :message) ON CONFLICT DO NOTHING")
                .param("user", userId)
                .param("message", messageId)
                .update();
    }

    private static SqlArrayValue array(String type, Object[] values) {
        return new SqlArrayValue(type, values);
    }

    private static StoredMessage message(ResultSet rs, int row) throws SQLException {
        UUID groupId = rs.getObject("group_id", UUID.class);
        return new StoredMessage(
                rs.getObject("id", UUID.class),
                rs.getString("conversation_id"),
                groupId == null ? ConversationType.PRIVATE : ConversationType.GROUP,
                rs.getObject("sender_id", UUID.class),
                rs.getObject("receiver_id", UUID.class),
                groupId,
                rs.getLong("seq"),
                rs.getString("client_msg_id"),
                ContentType.valueOf(rs.getString("content_type")),
                rs.getString("content"),
                rs.getTimestamp("sent_at").toInstant(),
                rs.getTimestamp("recalled_at") != null,
                rs.getTimestamp("edited_at") == null
                        ? null
                        : rs.getTimestamp("edited_at").toInstant(),
                rs.getInt("edit_version"),
                List.of());
    }
}
