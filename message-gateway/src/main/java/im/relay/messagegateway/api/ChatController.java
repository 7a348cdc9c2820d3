package im.relay.messagegateway.api;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.validation.UserText;
import im.relay.messagegateway.chat.ChatClient;
import im.relay.messagegateway.chat.ChatMessage;
import im.relay.messagegateway.chat.ContentType;
import im.relay.messagegateway.chat.ConversationId;
import im.relay.messagegateway.chat.ConversationType;
import im.relay.messagegateway.chat.ConversationView;
import im.relay.messagegateway.chat.MessageReferences;
import im.relay.messagegateway.chat.SentMessage;
import im.relay.messagegateway.chat.SyncPage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Messages API of API.md ({@code /api/chat}), with the same semantics as the WebSocket frames: both call the
 * message servers through {@link ChatClient} as the authenticated user.
 */
@RestController
@RequestMapping("/api/chat")
class ChatController {

    record SendBody(String clientMsgId, String contentType, String content, String replyTo, List<String> mentions) {}

    record ReadBody(Long seq) {}

    record EditBody(String content) {}

    private final ChatClient chat;
    private final RestSendLimiter limiter;

    ChatController(ChatClient chat, RestSendLimiter limiter) {
        this.chat = chat;
        this.limiter = limiter;
    }

    @PostMapping("/private/{peerId}/messages")
    Mono<ResponseEntity<ChatMessage>> sendPrivate(
            @PathVariable String peerId, @RequestBody SendBody body, ServerWebExchange exchange) {
        return send(exchange, ConversationType.PRIVATE, peerId, body);
    }

    @PostMapping("/groups/{groupId}/messages")
    Mono<ResponseEntity<ChatMessage>> sendGroup(
            @PathVariable String groupId, @RequestBody SendBody body, ServerWebExchange exchange) {
        return send(exchange, ConversationType.GROUP, groupId, body);
    }

    /** 201 with the new message, 200 with the original when the client id repeated an earlier send. */
    private Mono<ResponseEntity<ChatMessage>> send(
            ServerWebExchange exchange, ConversationType type, String to, SendBody body) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        ContentType contentType = contentType(body.contentType());
        if (body.clientMsgId() == null) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "clientMsgId is required");
        }
        String clientMsgId = UserText.plain("clientMsgId", body.clientMsgId());
        String content = body.content() == null ? "" : body.content();
        if (contentType == ContentType.TEXT) {
            UserText.message("content", content);
        } else {
            UserText.plain("content", content);
        }
        MessageReferences references = references(body);
        return blocking(() -> {
            limiter.acquire(caller.userId());
            SentMessage sent = chat.send(caller, type, to, clientMsgId, contentType, content, references);
            return ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(sent.message());
        });
    }

    private static MessageReferences references(SendBody body) {
        String replyTo =
                body.replyTo() == null || body.replyTo().isEmpty() ? null : UserText.plain("replyTo", body.replyTo());
        List<String> mentions = body.mentions() == null ? List.of() : body.mentions();
        if (mentions.size() > MessageReferences.MAX_MENTIONS) {
            throw new RelayException(
                    ErrorCode.VALIDATION_FAILED, "at most " + MessageReferences.MAX_MENTIONS + " mentions");
        }
        for (String mention : mentions) {
            if (mention == null) {
                throw new RelayException(ErrorCode.VALIDATION_FAILED, "mentions must be user ids or @all");
            }
            UserText.plain("mentions", mention);
        }
        return new MessageReferences(replyTo, mentions);
    }

    @GetMapping("/private/{peerId}/messages")
    Mono<Map<String, Object>> privateHistory(
            @PathVariable String peerId,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit,
            ServerWebExchange exchange) {
        return history(exchange, ConversationType.PRIVATE, peerId, before, after, limit);
    }

    @GetMapping("/groups/{groupId}/messages")
    Mono<Map<String, Object>> groupHistory(
            @PathVariable String groupId,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit,
            ServerWebExchange exchange) {
        return history(exchange, ConversationType.GROUP, groupId, before, after, limit);
    }

    private Mono<Map<String, Object>> history(
            ServerWebExchange exchange, ConversationType type, String target, Long before, Long after, int limit) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> {
            SyncPage page = chat.history(caller, type, target, before, after, limit);
            return Map.of("items", page.messages(), "hasMore", page.hasMore());
        });
    }

    @GetMapping("/conversations")
    Mono<Map<String, List<ConversationView>>> conversations(ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> Map.of("items", chat.conversations(caller)));
    }

    @PostMapping("/conversations/{conversationId}/read")
    Mono<ResponseEntity<Void>> read(
            @PathVariable String conversationId, @RequestBody ReadBody body, ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        if (body.seq() == null) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "seq is required");
        }
        ConversationId conversation = ConversationId.parse(conversationId);
        return blocking(() -> {
            chat.markRead(caller, conversation, body.seq());
            return ResponseEntity.noContent().build();
        });
    }

    @GetMapping("/unread")
    Mono<Map<String, Object>> unread(ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> {
            List<Map<String, Object>> unread = chat.conversations(caller).stream()
                    .filter(c -> c.unreadCount() > 0)
                    .map(c -> Map.<String, Object>of(
                            "conversationId",
                            c.conversationId(),
                            "unreadCount",
                            c.unreadCount(),
                            "mentionedCount",
                            c.mentionedCount()))
                    .toList();
            long total =
                    unread.stream().mapToLong(c -> (Long) c.get("unreadCount")).sum();
            return Map.of("total", total, "conversations", unread);
        });
    }

    @PostMapping("/messages/{messageId}/recall")
    Mono<ChatMessage> recall(@PathVariable String messageId, ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> chat.recall(caller, messageId));
    }

    /** Edits the caller's own TEXT message: 200 with the message as it is now. */
    @PatchMapping("/messages/{messageId}")
    Mono<ChatMessage> edit(@PathVariable String messageId, @RequestBody EditBody body, ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> chat.edit(caller, messageId, body.content()));
    }

    /** Adds the caller's reaction (idempotent): 200 with the message and its reactions. */
    @PutMapping("/messages/{messageId}/reactions/{emoji}")
    Mono<ChatMessage> react(@PathVariable String messageId, @PathVariable String emoji, ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> chat.react(caller, messageId, emoji, true));
    }

    /** Removes the caller's reaction (idempotent): 200 with the message and its reactions. */
    @DeleteMapping("/messages/{messageId}/reactions/{emoji}")
    Mono<ChatMessage> unreact(@PathVariable String messageId, @PathVariable String emoji, ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> chat.react(caller, messageId, emoji, false));
    }

    @DeleteMapping("/messages/{messageId}")
    Mono<ResponseEntity<Void>> deleteForMe(@PathVariable String messageId, ServerWebExchange exchange) {
        Caller caller = RestAuthenticationFilter.caller(exchange);
        return blocking(() -> {
            chat.deleteForMe(caller, messageId);
            return ResponseEntity.noContent().build();
        });
    }

    private static ContentType contentType(String name) {
        try {
            return ContentType.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RelayException(
                    ErrorCode.VALIDATION_FAILED, "contentType must be one of TEXT, IMAGE, AUDIO, VIDEO, FILE");
        }
    }

    /** gRPC calls block: off the event loop. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
