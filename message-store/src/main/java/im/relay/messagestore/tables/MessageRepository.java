package im.relay.messagestore.tables;

import static im.relay.messagestore.tables.Rows.array;

import im.relay.messagestore.model.NewMessage;
import im.relay.messagestore.model.ReplyTo;
import im.relay.messagestore.model.StoredMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code message} table: one row per message, its seq, content and recall/edit state. */
public class MessageRepository {

    private final JdbcClient jdbc;

    public MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Map<NewMessage.Key, StoredMessage> findByClientIds(Collection<NewMessage.Key> keys) {
        Map<NewMessage.Key, StoredMessage> found = new HashMap<>();
        jdbc.sql("SELECT " + Rows.COLUMNS
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
                .query(Rows::message)
                .list()
                .forEach(message -> found.put(new NewMessage.Key(message.senderId(), message.clientMsgId()), message));
        return found;
    }

    public void insert(List<StoredMessage> messages) {
        jdbc.sql("""
                        INSERT INTO message (id, conversation_id, seq, sender_id, receiver_id, group_id, client_msg_id,
                                             content_type, content, sent_at, reply_to_id, reply_to_sender_id,
                                             reply_to_content_type, mentions, mentions_all)
                        SELECT id, conversation_id, seq, sender_id, receiver_id, group_id, client_msg_id,
                               content_type, content, :sentAt, reply_to_id, reply_to_sender_id,
                               reply_to_content_type, mentions::uuid[], mentions_all
                        FROM unnest(:ids, :conversations, :seqs, :senders, :receivers, :groups, :clientIds,
                                    :contentTypes, :contents, :replyTos, :replyToSenders, :replyToTypes,
                                    :mentions, :mentionsAll)
                             AS t(id, conversation_id, seq, sender_id, receiver_id, group_id, client_msg_id,
                                  content_type, content, reply_to_id, reply_to_sender_id, reply_to_content_type,
                                  mentions, mentions_all)
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
                .param(
                        "replyTos",
                        array("uuid", replyTo(messages, ReplyTo::messageId).toArray(UUID[]::new)))
                .param(
                        "replyToSenders",
                        array("uuid", replyTo(messages, ReplyTo::senderId).toArray(UUID[]::new)))
                .param(
                        "replyToTypes",
                        array(
                                "text",
                                replyTo(messages, r -> r.contentType().name()).toArray(String[]::new)))
                // one array per message, as an array literal: unnest would flatten an array of arrays
                .param(
                        "mentions",
                        array(
                                "text",
                                messages.stream()
                                        .map(m -> m.mentions().isEmpty()
                                                ? null
                                                : m.mentions().stream()
                                                        .map(UUID::toString)
                                                        .collect(Collectors.joining(",", "{", "}")))
                                        .toArray(String[]::new)))
                .param(
                        "mentionsAll",
                        array(
                                "boolean",
                                messages.stream()
                                        .map(StoredMessage::mentionsAll)
                                        .toArray(Boolean[]::new)))
                .update();
    }

    private static <T> Stream<T> replyTo(List<StoredMessage> messages, Function<ReplyTo, T> field) {
        return messages.stream().map(m -> m.replyTo() == null ? null : field.apply(m.replyTo()));
    }

    public Optional<StoredMessage> find(UUID messageId) {
        return jdbc.sql("SELECT " + Rows.COLUMNS + " FROM message m WHERE m.id = :id")
                .param("id", messageId)
                .query(Rows::message)
                .optional();
    }

    /** Oldest first, between exclusive seqs, without what the viewer deleted for themselves. */
    public List<StoredMessage> between(String conversationId, long afterSeq, long beforeSeq, UUID viewer, int limit) {
        return jdbc.sql("SELECT " + Rows.COLUMNS + " FROM message m WHERE m.conversation_id = :conversation"
                        + " AND m.seq > :after AND m.seq < :before AND " + Rows.VISIBLE_TO_VIEWER
                        + " ORDER BY m.seq LIMIT :limit")
                .param("conversation", conversationId)
                .param("after", afterSeq)
                .param("before", beforeSeq)
                .param("viewer", viewer)
                .param("limit", limit)
                .query(Rows::message)
                .list();
    }

    /** Newest first, before an exclusive seq. */
    public List<StoredMessage> before(String conversationId, long beforeSeq, UUID viewer, int limit) {
        return jdbc.sql("SELECT " + Rows.COLUMNS + " FROM message m WHERE m.conversation_id = :conversation"
                        + " AND m.seq < :seq AND " + Rows.VISIBLE_TO_VIEWER + " ORDER BY m.seq DESC LIMIT :limit")
                .param("conversation", conversationId)
                .param("seq", beforeSeq)
                .param("viewer", viewer)
                .param("limit", limit)
                .query(Rows::message)
                .list();
    }

    /** Marks a message recalled and empties it; false when it already was. */
    public boolean recall(UUID messageId, UUID by, Instant at) {
        return jdbc.sql("UPDATE message SET recalled_at = :at, recalled_by = :by, content = ''"
                                + " WHERE id = :id AND recalled_at IS NULL")
                        .param("id", messageId)
                        .param("by", by)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** Replaces the text of a message not recalled; false when it was recalled meanwhile. */
    public boolean edit(UUID messageId, String content, Instant at) {
        return jdbc.sql("UPDATE message SET content = :content, edited_at = :at, edit_version = edit_version + 1"
                                + " WHERE id = :id AND recalled_at IS NULL")
                        .param("id", messageId)
                        .param("content", content)
                        .param("at", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** Locks a message's row, so that reactions to it change one at a time (the cap counts right). */
    public void lock(UUID messageId) {
        jdbc.sql("SELECT id FROM message WHERE id = :id FOR UPDATE")
                .param("id", messageId)
                .query(UUID.class)
                .list();
    }
}
