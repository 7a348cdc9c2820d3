package im.relay.messagestore.events;

import im.relay.common.grpc.Protos;
import im.relay.common.id.Ids;
import im.relay.common.outbox.Outbox;
import im.relay.common.outbox.Topics;
import im.relay.messagestore.grpc.MessageMapper;
import im.relay.messagestore.model.StoredMessage;
import im.relay.proto.events.v1.MessageEdited;
import im.relay.proto.events.v1.MessageEvent;
import im.relay.proto.events.v1.MessageRecalled;
import im.relay.proto.events.v1.ReactionChanged;
import im.relay.proto.events.v1.ReadCursorMoved;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Writes the message events (topic relay.messages, key = conversation id) into the outbox, inside the transaction
 * of the change they report. message-gateway turns them into frames for the recipients' sessions.
 */
public class MessageEventPublisher {

    /** A message just committed, with whom to tell and the session that sent it. */
    public record Created(StoredMessage message, Collection<UUID> recipients, String originSessionId) {}

    private final Outbox outbox;

    public MessageEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    public void created(List<Created> created, Instant at) {
        outbox.addAll(
                Topics.MESSAGES,
                created.stream()
                        .map(c -> entry(
                                c.message().conversationId(),
                                event(c.recipients(), c.originSessionId(), at)
                                        .setCreated(MessageMapper.proto(c.message()))))
                        .toList());
    }

    public void recalled(
            StoredMessage message, UUID by, Collection<UUID> recipients, String originSessionId, Instant at) {
        MessageRecalled recalled = MessageRecalled.newBuilder()
                .setConversationId(message.conversationId())
                .setMessageId(message.id().toString())
                .setByUserId(by.toString())
                .setMessage(MessageMapper.proto(message))
                .build();
        add(message.conversationId(), event(recipients, originSessionId, at).setRecalled(recalled));
    }

    public void edited(StoredMessage message, Collection<UUID> recipients, String originSessionId, Instant at) {
        MessageEdited edited = MessageEdited.newBuilder()
                .setConversationId(message.conversationId())
                .setMessageId(message.id().toString())
                .setMessage(MessageMapper.proto(message))
                .build();
        add(message.conversationId(), event(recipients, originSessionId, at).setEdited(edited));
    }

    public void reaction(
            StoredMessage message,
            UUID by,
            String emoji,
            boolean added,
            Collection<UUID> recipients,
            String originSessionId,
            Instant at) {
        ReactionChanged reaction = ReactionChanged.newBuilder()
                .setConversationId(message.conversationId())
                .setMessageId(message.id().toString())
                .setUserId(by.toString())
                .setEmoji(emoji)
                .setAdded(added)
                .setMessage(MessageMapper.proto(message))
                .build();
        add(message.conversationId(), event(recipients, originSessionId, at).setReaction(reaction));
    }

    public void read(
            String conversationId,
            UUID reader,
            long seq,
            Collection<UUID> recipients,
            String originSessionId,
            Instant at) {
        ReadCursorMoved read = ReadCursorMoved.newBuilder()
                .setConversationId(conversationId)
                .setUserId(reader.toString())
                .setSeq(seq)
                .build();
        add(conversationId, event(recipients, originSessionId, at).setRead(read));
    }

    private void add(String conversationId, MessageEvent.Builder event) {
        outbox.addAll(Topics.MESSAGES, List.of(entry(conversationId, event)));
    }

    private static Outbox.Entry entry(String conversationId, MessageEvent.Builder event) {
        return new Outbox.Entry(conversationId, event.build().toByteArray());
    }

    private static MessageEvent.Builder event(Collection<UUID> recipients, String originSessionId, Instant at) {
        return MessageEvent.newBuilder()
                .setEventId(Ids.newId())
                .setOccurredAt(Protos.timestamp(at))
                .addAllRecipientIds(recipients.stream().map(UUID::toString).toList())
                .setOriginSessionId(originSessionId == null ? "" : originSessionId);
    }
}
