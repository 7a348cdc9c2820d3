package im.relay.messagestore.history;

import im.relay.common.identity.Caller;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.model.Page;
import im.relay.messagestore.model.StoredMessage;
import im.relay.messagestore.tables.MessageRepository;
import im.relay.messagestore.tables.ReactionRepository;
import java.util.List;
import java.util.UUID;

/** Reading messages: a page of history, or what a client missed; the rules come from the {@link ConversationPolicy}. */
public class HistoryService {

    static final int DEFAULT_HISTORY_LIMIT = 50;
    static final int MAX_PAGE = 200;

    private final ConversationPolicy policy;
    private final MessageRepository messages;
    private final ReactionRepository reactions;

    public HistoryService(ConversationPolicy policy, MessageRepository messages, ReactionRepository reactions) {
        this.policy = policy;
        this.messages = messages;
        this.reactions = reactions;
    }

    /**
     * History with {@code target}: newest first before {@code beforeSeq}; oldest first after {@code afterSeq}; the
     * latest, newest first, with neither. Bounds are exclusive.
     */
    public Page history(Caller caller, String target, Long beforeSeq, Long afterSeq, int limit) {
        UUID reader = UUID.fromString(caller.userId());
        Destination conversation = policy.authorizeRead(reader, target);
        int size = pageSize(limit, DEFAULT_HISTORY_LIMIT);
        List<StoredMessage> found = afterSeq != null
                ? messages.between(
                        conversation.conversationId(),
                        afterSeq,
                        beforeSeq == null ? Long.MAX_VALUE : beforeSeq,
                        reader,
                        size + 1)
                : messages.before(
                        conversation.conversationId(),
                        beforeSeq == null ? Long.MAX_VALUE : beforeSeq,
                        reader,
                        size + 1);
        return page(found, size);
    }

    /** The messages after {@code afterSeq}, oldest first: what a client missed. */
    public Page sync(Caller caller, String conversationId, long afterSeq, int limit) {
        UUID reader = UUID.fromString(caller.userId());
        Destination conversation = policy.authorizeConversation(reader, conversationId);
        int size = pageSize(limit, MAX_PAGE);
        return page(
                messages.between(
                        conversation.conversationId(), Math.max(afterSeq, 0), Long.MAX_VALUE, reader, size + 1),
                size);
    }

    private static int pageSize(int requested, int fallback) {
        return requested <= 0 ? fallback : Math.min(requested, MAX_PAGE);
    }

    /** A page of messages with their current reactions. */
    private Page page(List<StoredMessage> found, int size) {
        return found.size() > size
                ? new Page(reactions.withReactions(List.copyOf(found.subList(0, size))), true)
                : new Page(reactions.withReactions(found), false);
    }
}
