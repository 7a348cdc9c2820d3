package im.relay.messagestore.cursors;

import im.relay.common.identity.Caller;
import im.relay.messagestore.events.MessageEventPublisher;
import im.relay.messagestore.model.ConversationIds;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.ConversationType;
import im.relay.messagestore.model.ConversationView;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.tables.ConversationRepository;
import im.relay.messagestore.tables.CursorRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/** Read cursors, unread counts and the conversation list, all computed on the server. */
public class CursorService {

    private final ConversationPolicy policy;
    private final CursorRepository cursorRepository;
    private final ConversationRepository conversationRepository;
    private final MessageEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public CursorService(
            ConversationPolicy policy,
            CursorRepository cursorRepository,
            ConversationRepository conversationRepository,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            Clock clock) {
        this.policy = policy;
        this.cursorRepository = cursorRepository;
        this.conversationRepository = conversationRepository;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Moves the caller's cursor forward (a lower seq is a no-op, a higher one than max seq is clamped) and answers
     * it. When it moved, a read receipt goes to the peer and the caller's other sessions (in groups: only those).
     */
    public long markRead(Caller caller, String conversationId, long seq) {
        UUID reader = UUID.fromString(caller.userId());
        Destination conversation = policy.authorizeConversation(reader, conversationId);
        List<UUID> receiptTo = conversation.type() == ConversationType.PRIVATE
                ? ConversationIds.privateMembers(conversation.conversationId())
                : List.of(reader);
        return transaction.execute(status -> {
            long[] cursor = cursorRepository.markRead(reader, conversation.conversationId(), seq);
            if (cursor[1] > cursor[0]) {
                events.read(
                        conversation.conversationId(),
                        reader,
                        cursor[1],
                        receiptTo,
                        caller.sessionId(),
                        clock.instant());
            }
            return cursor[1];
        });
    }

    /** Puts the users' cursors at {@code seq} unless they are past it (members joining a group start there). */
    public void startAt(String conversationId, Collection<UUID> users, long seq) {
        TreeMap<CursorRepository.CursorKey, Long> cursors = new TreeMap<>();
        users.forEach(user -> cursors.put(new CursorRepository.CursorKey(user, conversationId), seq));
        transaction.executeWithoutResult(status -> cursorRepository.raiseCursors(cursors));
    }

    /** The caller's conversations of this server's kind, most recent first; those without messages last. */
    public List<ConversationView> conversations(Caller caller) {
        UUID user = UUID.fromString(caller.userId());
        String prefix = policy.type() == ConversationType.PRIVATE ? "p:" : "g:";
        Map<String, ConversationPolicy.Conversation> mine =
                policy.conversationsOf(user, () -> cursorRepository.conversationsWithCursor(user, prefix));
        Map<String, ConversationRepository.Overview> overviews = conversationRepository.overview(user, mine.keySet());
        return mine.values().stream()
                .map(c -> view(c, overviews.get(c.conversationId())))
                .sorted(Comparator.comparing((ConversationView view) -> overviews.containsKey(view.conversationId())
                                ? overviews
                                        .get(view.conversationId())
                                        .updatedAt()
                                        .toEpochMilli()
                                : Long.MIN_VALUE)
                        .reversed())
                .toList();
    }

    /** The conversations with unread messages. */
    public List<ConversationView> unread(Caller caller) {
        return conversations(caller).stream().filter(c -> c.unreadCount() > 0).toList();
    }

    private ConversationView view(
            ConversationPolicy.Conversation conversation, ConversationRepository.Overview overview) {
        return new ConversationView(
                conversation.conversationId(),
                policy.type(),
                conversation.peerId(),
                conversation.groupId(),
                conversation.name(),
                overview == null ? null : overview.last(),
                overview == null ? 0 : overview.maxSeq(),
                overview == null ? 0 : overview.readSeq(),
                overview == null ? 0 : overview.mentionedCount());
    }
}
