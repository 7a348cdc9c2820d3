package im.relay.messagestore.recall;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.messagestore.MessageStoreProperties;
import im.relay.messagestore.events.MessageEventPublisher;
import im.relay.messagestore.model.ConversationIds;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.model.StoredMessage;
import im.relay.messagestore.tables.HiddenMessageRepository;
import im.relay.messagestore.tables.MessageRepository;
import im.relay.messagestore.tables.ReactionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/** Recall (for everyone) and delete-for-me. */
public class RecallService {

    private final ConversationPolicy policy;
    private final MessageRepository messages;
    private final ReactionRepository reactions;
    private final HiddenMessageRepository hidden;
    private final MessageEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration window;

    public RecallService(
            ConversationPolicy policy,
            MessageRepository messages,
            ReactionRepository reactions,
            HiddenMessageRepository hidden,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            Clock clock,
            MessageStoreProperties properties) {
        this.policy = policy;
        this.messages = messages;
        this.reactions = reactions;
        this.hidden = hidden;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.window = properties.recallWindow();
    }

    /**
     * Recalls a message for everyone: its sender within the window, or a group owner or admin at any time. The
     * message stays in the stream (seqs never change) with its content emptied. Recalling twice answers the same.
     */
    public StoredMessage recall(Caller caller, String messageId) {
        UUID user = UUID.fromString(caller.userId());
        StoredMessage message = message(messageId);
        Destination conversation = policy.authorizeConversation(user, message.conversationId());
        if (message.recalled()) {
            return message;
        }
        Instant now = clock.instant();
        boolean own = message.senderId().equals(user);
        boolean moderator = policy.moderates(user, conversation);
        if (!own && !moderator) {
            throw new RelayException(ErrorCode.FORBIDDEN, "only the sender or a group owner or admin may recall it");
        }
        if (own && !moderator && now.isAfter(message.sentAt().plus(window))) {
            throw new RelayException(
                    ErrorCode.RECALL_WINDOW_EXPIRED,
                    "messages can be recalled for " + window.toSeconds() + " s after sending");
        }
        return transaction.execute(status -> {
            if (!messages.recall(message.id(), user, now)) {
                return messages.find(message.id()).orElseThrow();
            }
            // a recalled message shows nothing of what it was: its reactions go too
            reactions.removeAll(message.id());
            StoredMessage recalled = messages.find(message.id()).orElseThrow();
            events.recalled(recalled, user, conversation.recipients(), caller.sessionId(), now);
            return recalled;
        });
    }

    /** Hides a message from the caller's own history and sync; seqs and unread counts do not change. */
    public void deleteForMe(Caller caller, String messageId) {
        UUID user = UUID.fromString(caller.userId());
        StoredMessage message = message(messageId);
        policy.authorizeConversation(user, message.conversationId());
        hidden.hide(user, message.id());
    }

    private StoredMessage message(String messageId) {
        return messages.find(ConversationIds.parseId(messageId))
                .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no message " + messageId));
    }
}
