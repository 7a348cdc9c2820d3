package im.relay.messagestore.send;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.validation.UserText;
import im.relay.common.webhook.WebhookClient;
import im.relay.common.webhook.WebhookProperties;
import im.relay.messagestore.MessageStoreProperties;
import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.model.NewMessage;
import im.relay.messagestore.model.StoredMessage;
import im.relay.messagestore.tables.MessageRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The operator's before-send webhook ({@code relay.webhooks.before-send}, docs/webhooks.md): asked about each send
 * after the conversation's rules passed and before the message is queued for storage; it allows it, rejects it
 * (MESSAGE_REJECTED, with its reason) or rewrites a TEXT message's content. A receiver that fails or does not answer
 * in time lets the message through or refuses it (SERVICE_UNAVAILABLE), as configured. Counts verdicts as
 * {@code relay.webhooks.before-send{verdict}}.
 */
public class BeforeSendHook {

    static final String EVENT = "message.before-send";
    private static final int MAX_REASON_LENGTH = 200;
    private static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(BeforeSendHook.class);

    /** What the receiver sees of a send; a group's member list stays out (the receiver can ask for it). */
    record Outgoing(
            String senderId,
            String conversationId,
            String conversationType,
            @Nullable String receiverId,
            @Nullable String groupId,
            String clientMsgId,
            String contentType,
            String content) {}

    /** The receiver's answer: {@code action} allow, reject (with an optional reason) or rewrite (with content). */
    record Verdict(
            @Nullable String action,
            @Nullable String reason,
            @Nullable String content) {}

    private final LiveProperties<WebhookProperties> properties;
    private final WebhookClient client;
    private final MessageRepository messages;
    private final MessageStoreProperties store;
    private final MeterRegistry meters;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

    public BeforeSendHook(
            LiveProperties<WebhookProperties> properties,
            WebhookClient client,
            MessageRepository messages,
            MessageStoreProperties store,
            MeterRegistry meters) {
        this.properties = properties;
        this.client = client;
        this.messages = messages;
        this.store = store;
        this.meters = meters;
    }

    /** Whether sends are screened; when not, nothing here runs or allocates. */
    boolean enabled() {
        return properties.get().beforeSend().enabled();
    }

    /** The message a repeated client id stored already: a retry is answered with it and not screened again. */
    Optional<StoredMessage> earlier(NewMessage message) {
        return Optional.ofNullable(
                messages.findByClientIds(List.of(message.key())).get(message.key()));
    }

    /** The message to store (as sent or rewritten); throws when it is rejected. */
    NewMessage screen(NewMessage message) {
        WebhookProperties config = properties.get();
        WebhookProperties.BeforeSend hook = config.beforeSend();
        String failure;
        try {
            WebhookClient.Reply reply = client.call(
                    Objects.requireNonNull(hook.url()), config.secret(), EVENT, outgoing(message), hook.timeout());
            Verdict verdict = reply.body().length == 0
                    ? new Verdict("allow", null, null)
                    : WebhookClient.read(reply, Verdict.class);
            NewMessage judged = apply(verdict, message);
            if (judged != null) {
                return judged;
            }
            failure = "an answer that is neither allow, reject nor a valid rewrite of a TEXT message: " + verdict;
        } catch (WebhookClient.WebhookFailure e) {
            failure = e.getMessage();
        } catch (JacksonException e) {
            failure = "an answer that is not a verdict: " + e.getOriginalMessage();
        }
        warn(failure);
        if (hook.failOpen()) {
            count("fail-open");
            return message;
        }
        count("fail-closed");
        throw new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message could not be screened; retry later");
    }

    /** The message as the verdict leaves it, or null for a verdict that makes no sense; throws for a rejection. */
    private @Nullable NewMessage apply(Verdict verdict, NewMessage message) {
        switch (verdict.action() == null ? "" : verdict.action()) {
            case "allow" -> {
                count("allow");
                return message;
            }
            case "reject" -> {
                count("reject");
                throw new RelayException(ErrorCode.MESSAGE_REJECTED, reason(verdict.reason()));
            }
            case "rewrite" -> {
                if (message.contentType() != ContentType.TEXT || verdict.content() == null) {
                    return null;
                }
                try {
                    SendService.validateText(verdict.content(), store.maxTextLength());
                } catch (RelayException invalid) {
                    return null;
                }
                count("rewrite");
                return message.withContent(verdict.content());
            }
            default -> {
                return null;
            }
        }
    }

    /** The receiver's reason as the sender sees it: one line, at most 200 characters. */
    private static String reason(@Nullable String reason) {
        String text = reason == null ? "" : reason.strip();
        try {
            UserText.plain("reason", text);
        } catch (RelayException controlCharacters) {
            text = "";
        }
        if (text.codePointCount(0, text.length()) > MAX_REASON_LENGTH) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_REASON_LENGTH));
        }
        return text.isEmpty() ? "the message was rejected" : text;
    }

    private static Outgoing outgoing(NewMessage message) {
        Destination to = message.destination();
        return new Outgoing(
                message.senderId().toString(),
                to.conversationId(),
                to.type().name(),
                to.receiverId() == null ? null : to.receiverId().toString(),
                to.groupId() == null ? null : to.groupId().toString(),
                message.clientMsgId(),
                message.contentType().name(),
                message.content());
    }

    private void count(String verdict) {
        Counter.builder("relay.webhooks.before-send")
                .description("Before-send verdicts: allow, reject, rewrite, fail-open, fail-closed")
                .tag("verdict", verdict)
                .register(meters)
                .increment();
    }

    /** At most one warning every 10 s: a receiver that is down would otherwise log once per message. */
    private void warn(String failure) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            log.warn(
                    "The before-send webhook failed ({}); sends are {}",
                    failure,
                    properties.get().beforeSend().failOpen() ? "let through (fail-open)" : "refused (fail-closed)");
        }
    }
}
