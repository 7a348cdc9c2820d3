package im.relay.messagestore.edit;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.validation.UserText;
import im.relay.messagestore.MessageStoreProperties;
import im.relay.messagestore.events.MessageEventPublisher;
import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.model.ConversationIds;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.model.StoredMessage;
import im.relay.messagestore.send.SendService;
import im.relay.messagestore.tables.MessageRepository;
import im.relay.messagestore.tables.ReactionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Edits and reactions: both change a message in place. Neither takes a seq, so a conversation's seqs stay dense and
 * a client that missed the event learns the current state from sync or history (docs/decisions.md).
 */
public class EditService {

    /** Most code points in one reaction: enough for the longest emoji ZWJ sequences (a family is 7, with tones 11). */
    static final int MAX_EMOJI_CODE_POINTS = 16;

    private final ConversationPolicy policy;
    private final MessageRepository messages;
    private final ReactionRepository reactions;
    private final MessageEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MessageStoreProperties properties;

    public EditService(
            ConversationPolicy policy,
            MessageRepository messages,
            ReactionRepository reactions,
            MessageEventPublisher events,
            TransactionTemplate transaction,
            Clock clock,
            MessageStoreProperties properties) {
        this.policy = policy;
        this.messages = messages;
        this.reactions = reactions;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Replaces the text of the caller's own TEXT message within the edit window. The message keeps its seq; its
     * {@code editVersion} grows by one. The same text again answers the message unchanged.
     */
    public StoredMessage edit(Caller caller, String messageId, String content) {
        SendService.validateText(content, properties.maxTextLength());
        UUID user = UUID.fromString(caller.userId());
        StoredMessage message = message(messageId);
        Destination conversation = policy.authorizeConversation(user, message.conversationId());
        if (!message.senderId().equals(user)) {
            throw new RelayException(ErrorCode.FORBIDDEN, "only the sender may edit a message");
        }
        if (message.recalled()) {
            throw new RelayException(ErrorCode.NOT_EDITABLE, "a recalled message cannot be edited");
        }
        if (message.contentType() != ContentType.TEXT) {
            throw new RelayException(ErrorCode.NOT_EDITABLE, "only TEXT messages can be edited");
        }
        Instant now = clock.instant();
        Duration window = properties.editWindow();
        if (now.isAfter(message.sentAt().plus(window))) {
            throw new RelayException(
                    ErrorCode.EDIT_WINDOW_EXPIRED,
                    "messages can be edited for " + window.toSeconds() + " s after sending");
        }
        if (message.content().equals(content)) {
            return findWithReactions(message.id()).orElseThrow();
        }
        return transaction.execute(status -> {
            if (!messages.edit(message.id(), content, now)) {
                throw new RelayException(ErrorCode.NOT_EDITABLE, "a recalled message cannot be edited");
            }
            StoredMessage edited = findWithReactions(message.id()).orElseThrow();
            events.edited(edited, conversation.recipients(), caller.sessionId(), now);
            return edited;
        });
    }

    /**
     * Adds ({@code add}) or removes the caller's reaction with {@code emoji}; both are idempotent and a repeat tells
     * nobody. A message takes at most {@code relay.messages.max-reactions} distinct emoji.
     */
    public StoredMessage react(Caller caller, String messageId, String emoji, boolean add) {
        validateEmoji(emoji);
        UUID user = UUID.fromString(caller.userId());
        StoredMessage message = message(messageId);
        Destination conversation = policy.authorizeConversation(user, message.conversationId());
        if (message.recalled()) {
            throw new RelayException(ErrorCode.NOT_EDITABLE, "a recalled message takes no reactions");
        }
        Instant now = clock.instant();
        return transaction.execute(status -> {
            // one reaction change per message at a time: the cap is counted under the row lock
            messages.lock(message.id());
            boolean changed;
            if (add) {
                // joining an emoji already there is always fine: only the others count against the cap
                if (reactions.otherEmoji(message.id(), emoji) >= properties.maxReactions()) {
                    throw new RelayException(
                            ErrorCode.TOO_MANY_REACTIONS,
                            "a message takes at most " + properties.maxReactions() + " different reactions");
                }
                changed = reactions.addReaction(message.id(), emoji, user, now);
            } else {
                changed = reactions.removeReaction(message.id(), emoji, user);
            }
            StoredMessage current = findWithReactions(message.id()).orElseThrow();
            if (current.recalled()) {
                throw new RelayException(ErrorCode.NOT_EDITABLE, "a recalled message takes no reactions");
            }
            if (changed) {
                events.reaction(current, user, emoji, add, conversation.recipients(), caller.sessionId(), now);
            }
            return current;
        });
    }

    /**
     * A reaction is one emoji as users pick it: 1-16 code points, each an emoji or an emoji component (ZWJ, variation
     * selector, skin tone, keycap, regional indicator, tag), and not plain ASCII (a bare digit or {@code #} is not a
     * reaction).
     */
    static void validateEmoji(String emoji) {
        if (emoji == null || emoji.isEmpty()) {
            throw SendService.invalid("emoji is required");
        }
        UserText.plain("emoji", emoji);
        int count = emoji.codePointCount(0, emoji.length());
        if (count > MAX_EMOJI_CODE_POINTS) {
            throw SendService.invalid("emoji must be at most " + MAX_EMOJI_CODE_POINTS + " code points");
        }
        boolean pictographic = emoji.codePoints()
                .anyMatch(c -> c > 0x7F && Character.isEmoji(c) && !Character.isEmojiComponent(c)
                        || Character.isEmojiPresentation(c));
        boolean onlyEmoji = emoji.codePoints().allMatch(c -> Character.isEmoji(c) || Character.isEmojiComponent(c));
        if (!onlyEmoji || !pictographic || emoji.codePointAt(0) == 0x200D) {
            throw SendService.invalid("emoji must be a single emoji, such as \uD83D\uDC4D");
        }
    }

    private StoredMessage message(String messageId) {
        return messages.find(ConversationIds.parseId(messageId))
                .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no message " + messageId));
    }

    /** One message with its current reactions. */
    private Optional<StoredMessage> findWithReactions(UUID messageId) {
        return messages.find(messageId)
                .map(m -> reactions.withReactions(List.of(m)).getFirst());
    }
}
