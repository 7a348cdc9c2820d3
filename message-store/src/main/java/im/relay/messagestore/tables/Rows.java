package im.relay.messagestore.tables;

import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.model.ConversationType;
import im.relay.messagestore.model.ReplyTo;
import im.relay.messagestore.model.StoredMessage;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.support.SqlArrayValue;

/** What the table classes share: the message columns, the delete-for-me filter and the row mapper. */
final class Rows {

    static final String COLUMNS = "m.id, m.conversation_id, m.sender_id, m.receiver_id, m.group_id, m.seq,"
            + " m.client_msg_id, m.content_type, m.content, m.sent_at, m.recalled_at,"
            + " m.edited_at, m.edit_version, m.reply_to_id, m.reply_to_sender_id, m.reply_to_content_type,"
            // the quoted message as it is now: null once recalled
            + " (SELECT CASE WHEN q.recalled_at IS NULL THEN left(q.content, " + ReplyTo.SNIPPET_LENGTH + ") END"
            + " FROM message q WHERE q.id = m.reply_to_id) AS reply_to_snippet,"
            + " m.mentions, m.mentions_all";

    static final String VISIBLE_TO_VIEWER =
            "NOT EXISTS (SELECT 1 FROM hidden_message h WHERE h.user_id = :viewer AND h.message_id = m.id)";

    private Rows() {}

    static SqlArrayValue array(String type, Object[] values) {
        return new SqlArrayValue(type, values);
    }

    static StoredMessage message(ResultSet rs, int row) throws SQLException {
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
                List.of(),
                replyTo(rs),
                mentions(rs),
                rs.getBoolean("mentions_all"));
    }

    private static ReplyTo replyTo(ResultSet rs) throws SQLException {
        UUID quoted = rs.getObject("reply_to_id", UUID.class);
        if (quoted == null) {
            return null;
        }
        String snippet = rs.getString("reply_to_snippet");
        return ReplyTo.of(
                quoted,
                rs.getObject("reply_to_sender_id", UUID.class),
                ContentType.valueOf(rs.getString("reply_to_content_type")),
                snippet,
                snippet == null);
    }

    private static List<UUID> mentions(ResultSet rs) throws SQLException {
        Array mentions = rs.getArray("mentions");
        return mentions == null ? List.of() : List.of((UUID[]) mentions.getArray());
    }
}
