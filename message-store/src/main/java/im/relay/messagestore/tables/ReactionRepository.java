package im.relay.messagestore.tables;

import static im.relay.messagestore.tables.Rows.array;

import im.relay.messagestore.model.StoredMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code message_reaction} table: who reacted to which message with which emoji. */
public class ReactionRepository {

    private final JdbcClient jdbc;

    public ReactionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a user's reaction; false when it was already there. */
    public boolean addReaction(UUID messageId, String emoji, UUID userId, Instant at) {
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
    public boolean removeReaction(UUID messageId, String emoji, UUID userId) {
        return jdbc.sql("DELETE FROM message_reaction WHERE message_id = :message AND emoji = :emoji"
                                + " AND user_id = :user")
                        .param("message", messageId)
                        .param("emoji", emoji)
                        .param("user", userId)
                        .update()
                == 1;
    }

    /** The distinct emoji on a message other than {@code emoji}. */
    public int otherEmoji(UUID messageId, String emoji) {
        return jdbc.sql("SELECT count(DISTINCT emoji) FROM message_reaction WHERE message_id = :message"
                        + " AND emoji <> :emoji")
                .param("message", messageId)
                .param("emoji", emoji)
                .query(Integer.class)
                .single();
    }

    /** The messages with their current reactions, one query for all of them. */
    public List<StoredMessage> withReactions(List<StoredMessage> messages) {
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

    /** Drops every reaction to a message (a recalled message shows nothing of what it was). */
    public void removeAll(UUID messageId) {
        jdbc.sql("DELETE FROM message_reaction WHERE message_id = :id")
                .param("id", messageId)
                .update();
    }
}
