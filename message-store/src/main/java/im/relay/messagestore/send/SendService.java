package im.relay.messagestore.send;

import im.relay.common.concurrent.Timeouts;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.validation.Urls;
import im.relay.common.validation.UserText;
import im.relay.messagestore.MessageStoreProperties;
import im.relay.messagestore.model.ContentType;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.Destination;
import im.relay.messagestore.model.NewMessage;
import im.relay.messagestore.model.ReplyTo;
import im.relay.messagestore.model.StoredMessage;
import im.relay.messagestore.tables.MessageRepository;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Sending messages: the rules come from the server's {@link ConversationPolicy}; the {@link MessageBatcher} stores. */
public class SendService {

    static final int MAX_CLIENT_MSG_ID_LENGTH = 64;
    /** What a media message's content looks like when it names an upload rather than a URL. */
    private static final Pattern MEDIA_ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private final ConversationPolicy policy;
    private final MessageBatcher batcher;
    private final MessageRepository messages;
    private final MessageStoreProperties properties;
    private final MediaAttachments media;
    private final BeforeSendHook beforeSend;

    public SendService(
            ConversationPolicy policy,
            MessageBatcher batcher,
            MessageRepository messages,
            MessageStoreProperties properties,
            @Nullable MediaAttachments media,
            BeforeSendHook beforeSend) {
        this.policy = policy;
        this.batcher = batcher;
        this.messages = messages;
        this.properties = properties;
        this.media = media;
        this.beforeSend = beforeSend;
    }

    /** A sent message; {@code created} is false when {@code clientMsgId} repeated an earlier send. */
    public record Sent(StoredMessage message, boolean created) {}

    /** Stores a message once it is committed; a repeated client id answers the original. */
    public Sent send(Caller caller, String target, String clientMsgId, ContentType contentType, String content) {
        return await(sendAsync(caller, target, clientMsgId, contentType, content, References.NONE));
    }

    /**
     * As {@link #send}, completing when the batch commits: the gRPC endpoint answers from there, so no thread waits
     * for a commit. The rules, and the operator's before-send webhook when one is configured, are checked before this
     * returns (their failures are thrown, not completed).
     */
    public CompletableFuture<Sent> sendAsync(
            Caller caller,
            String target,
            String clientMsgId,
            ContentType contentType,
            String content,
            References references) {
        boolean mediaId = validate(clientMsgId, contentType, content);
        UUID sender = UUID.fromString(caller.userId());
        Destination destination = policy.authorizeSend(sender, target);
        ReplyTo replyTo = quote(references.replyTo(), destination);
        List<UUID> mentions = Mentions.check(references, destination, () -> policy.moderates(sender, destination));
        String stored = mediaId ? media.attach(sender, destination.conversationId(), contentType, content) : content;
        NewMessage message = new NewMessage(
                destination,
                sender,
                clientMsgId,
                contentType,
                stored,
                caller.sessionId(),
                replyTo,
                mentions,
                references.mentionsAll());
        if (beforeSend.enabled()) {
            // a retry of a stored send gets its original without asking the hook again (it may have been rewritten)
            return beforeSend
                    .earlier(message)
                    .map(earlier -> CompletableFuture.completedFuture(new Sent(earlier, false)))
                    .orElseGet(() -> store(beforeSend.screen(message)));
        }
        return store(message);
    }

    /** The quoted message as it is now; an unknown id and one of another conversation are refused alike. */
    private @Nullable ReplyTo quote(String replyTo, Destination destination) {
        if (replyTo.isEmpty()) {
            return null;
        }
        UUID id;
        try {
            id = UUID.fromString(replyTo);
        } catch (IllegalArgumentException e) {
            throw invalid("replyTo must be a message id");
        }
        return messages.find(id)
                .filter(quoted -> quoted.conversationId().equals(destination.conversationId()))
                .map(ReplyTo::of)
                .orElseThrow(() -> invalid("replyTo: no message " + replyTo + " in this conversation"));
    }

    /** Stores a message the server made (a SYSTEM line in a group); idempotent on the sender and client id. */
    public Sent sendAsServer(NewMessage message) {
        return await(store(message));
    }

    private CompletableFuture<Sent> store(NewMessage message) {
        return Timeouts.orTimeout(batcher.submit(message), properties.commitTimeout())
                .handle((result, failure) -> {
                    if (failure == null) {
                        return new Sent(result.message(), result.created());
                    }
                    throw failed(failure instanceof CompletionException ? failure.getCause() : failure);
                });
    }

    /** What a send that did not commit answers; a retry with the same client id never makes a copy. */
    private static RelayException failed(Throwable failure) {
        if (failure instanceof RelayException relay) {
            return relay;
        }
        if (failure instanceof TimeoutException) {
            // it may still commit: a retry with the same client id then answers it
            return new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message was not acknowledged in time; retry");
        }
        return new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message was not stored", failure);
    }

    private static Sent await(CompletableFuture<Sent> sent) {
        try {
            return sent.join();
        } catch (CompletionException e) {
            throw failed(e.getCause());
        }
    }

    /** Throws what is wrong with a send; answers whether its content is a media id (for {@link MediaAttachments}). */
    private boolean validate(String clientMsgId, ContentType contentType, String content) {
        if (clientMsgId == null || clientMsgId.isBlank() || clientMsgId.length() > MAX_CLIENT_MSG_ID_LENGTH) {
            throw invalid("clientMsgId must be 1-" + MAX_CLIENT_MSG_ID_LENGTH + " characters");
        }
        // Checked here, before the batcher: PostgreSQL refuses U+0000, and a refused row would fail its whole batch.
        UserText.plain("clientMsgId", clientMsgId);
        if (contentType == null) {
            throw invalid("contentType must be one of TEXT, IMAGE, AUDIO, VIDEO, FILE");
        }
        if (contentType == ContentType.SYSTEM) {
            throw invalid("SYSTEM messages are made by the server only");
        }
        String text = content == null ? "" : content;
        if (contentType == ContentType.TEXT) {
            validateText(text, properties.maxTextLength());
            return false;
        }
        if (media != null && MEDIA_ID.matcher(text).matches()) {
            return true; // the id of an upload: checked by MediaAttachments once the send is authorised
        }
        if (Urls.httpUrlOrEmpty("content", text).isEmpty()) {
            throw invalid(contentType + " content must be "
                    + (media != null ? "the id of an upload (POST /api/media) or " : "")
                    + "the http(s) URL of the uploaded file");
        }
        return false;
    }

    /** TEXT content: 1 to {@code maxLength} code points of message text (EditService checks an edit the same way). */
    public static void validateText(String content, int maxLength) {
        String text = content == null ? "" : content;
        UserText.message("content", text);
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > maxLength) {
            throw invalid("TEXT content must be 1-" + maxLength + " characters, not " + length);
        }
    }

    public static RelayException invalid(String detail) {
        return new RelayException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
