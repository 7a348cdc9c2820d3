package im.relay.messagegateway.websocket;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagegateway.chat.ChatClient;
import im.relay.messagegateway.chat.SyncPage;
import im.relay.messagegateway.cluster.CloseCodes;
import im.relay.messagegateway.frame.Frames;
import im.relay.messagegateway.observability.GatewayMetrics;
import im.relay.messagegateway.typing.TypingService;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Handles one client frame (on a virtual thread when it {@link #mayBlock may block}, else on the socket's event loop):
 * the caller awaits it before the next frame of the same connection. A send is only handed to the message server's
 * stream, in frame order, and acked when its outcome arrives, so a connection keeps several sends in flight. Every
 * failure becomes an error frame and the connection stays open, except when the user's token stopped working (4002,
 * 4003) or the client keeps sending past its limit (4008).
 */
@Component
class FrameDispatcher {

    private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);

    private final ChatClient chat;
    private final TypingService typing;
    private final LiveProperties<ConnectionLimits> limits;
    private final GatewayMetrics metrics;

    FrameDispatcher(
            ChatClient chat, TypingService typing, LiveProperties<ConnectionLimits> limits, GatewayMetrics metrics) {
        this.chat = chat;
        this.typing = typing;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** {@code text} is null for a binary frame. */
    InboundFrame parse(@Nullable String text) {
        return text == null
                ? new InboundFrame.Invalid(null, ErrorCode.MALFORMED_FRAME, "frames are JSON text")
                : FrameParser.parse(text, limits.get().maxTextLength());
    }

    /**
     * Whether handling the frame may wait (a call to another service, Redis); the others may run on the socket's event
     * loop. A send only hands the frame to the message server's stream and returns; its ack goes out when the outcome
     * comes back, on the thread that brings it.
     */
    static boolean mayBlock(InboundFrame frame) {
        return !(frame instanceof InboundFrame.Send
                || frame instanceof InboundFrame.Ping
                || frame instanceof InboundFrame.Invalid);
    }

    void handle(WebSocketConnection connection, InboundFrame frame, long arrivedNanos) {
        ConnectionLimits limits = this.limits.get();
        metrics.frameIn(frame.type());
        try {
            switch (frame) {
                case InboundFrame.Invalid invalid ->
                    connection.push(Frames.error(invalid.id(), invalid.code(), invalid.message()));
                case InboundFrame.Ping ping -> connection.push(Frames.pong(ping.id()));
                case InboundFrame.Send send -> send(connection, send, limits, arrivedNanos);
                case InboundFrame.Sync sync -> sync(connection, sync, limits);
                case InboundFrame.Read read -> chat.markRead(connection.caller(), read.conversationId(), read.seq());
                case InboundFrame.Typing hint -> {
                    ConnectionLimits.Typing rate = limits.typing();
                    if (connection.typingBucket().tryTake(rate.rate(), rate.burst(), arrivedNanos)) {
                        typing.typing(connection.caller(), hint.conversationId());
                    }
                }
                case InboundFrame.Recall recall ->
                    connection.push(Frames.ack(recall.id(), chat.recall(connection.caller(), recall.messageId())));
                case InboundFrame.Edit edit ->
                    connection.push(
                            Frames.ack(edit.id(), chat.edit(connection.caller(), edit.messageId(), edit.content())));
                case InboundFrame.React react ->
                    connection.push(Frames.ack(
                            react.id(),
                            chat.react(connection.caller(), react.messageId(), react.emoji(), react.add())));
            }
        } catch (RuntimeException e) {
            fail(connection, frame, e);
        }
    }

    /**
     * Answers a frame that failed with an error frame; a token that stopped working closes the socket (4002, 4003).
     */
    private static void fail(WebSocketConnection connection, InboundFrame frame, Throwable failure) {
        switch (failure) {
            case RelayException e -> {
                connection.push(Frames.error(frame.id(), e.code(), clientMessage(e.code(), e.detail())));
                if (e.code() == ErrorCode.TOKEN_EXPIRED) {
                    connection.close(CloseCodes.EXPIRED, CloseCodes.reason(CloseCodes.EXPIRED), null);
                } else if (e.code() == ErrorCode.UNAUTHORIZED) {
                    connection.close(CloseCodes.REVOKED, CloseCodes.reason(CloseCodes.REVOKED), null);
                }
            }
            case DataAccessException e -> {
                log.warn("Redis failed handling a {} frame: {}", frame.type(), e.getMessage());
                connection.push(Frames.error(
                        frame.id(), ErrorCode.SERVICE_UNAVAILABLE, clientMessage(ErrorCode.SERVICE_UNAVAILABLE, "")));
            }
            default -> {
                log.error("Unexpected failure handling a {} frame", frame.type(), failure);
                connection.push(Frames.error(frame.id(), ErrorCode.INTERNAL, "internal error"));
            }
        }
    }

    private void send(
            WebSocketConnection connection, InboundFrame.Send send, ConnectionLimits limits, long arrivedNanos) {
        switch (connection.sendGuard().check(limits.send(), arrivedNanos)) {
            case REFUSED ->
                connection.push(Frames.error(
                        send.id(),
                        ErrorCode.RATE_LIMITED,
                        "at most " + limits.send().rate() + " sends a second"));
            case DISCONNECT -> {
                connection.push(Frames.error(send.id(), ErrorCode.RATE_LIMITED, "rate limit exceeded"));
                // after the answers to the sends already handed on: the client learns which of them were stored
                connection
                        .sendsInFlight()
                        .whenAllAnswered(() -> connection.close(
                                CloseCodes.RATE_LIMITED, CloseCodes.reason(CloseCodes.RATE_LIMITED), null));
            }
            case ALLOWED -> {
                // Not awaited: the connection's next frame goes on the stream right behind this one (pipelined,
                // still committed in order); the ack or error goes out when the outcome comes back.
                connection.sendsInFlight().started();
                chat.sendAsync(
                                connection.caller(),
                                send.conversationType(),
                                send.to(),
                                send.id(),
                                send.contentType(),
                                send.content(),
                                send.references())
                        .whenComplete((sent, failure) -> {
                            metrics.sendAcked(Duration.ofNanos(System.nanoTime() - arrivedNanos));
                            if (failure == null) {
                                connection.push(Frames.ack(send.id(), sent.message()));
                            } else {
                                fail(
                                        connection,
                                        send,
                                        failure instanceof CompletionException ? failure.getCause() : failure);
                            }
                            connection.sendsInFlight().answered();
                        });
            }
        }
    }

    private void sync(WebSocketConnection connection, InboundFrame.Sync sync, ConnectionLimits limits) {
        int limit = Math.min(sync.limit() == null ? limits.syncDefaultLimit() : sync.limit(), limits.syncMaxLimit());
        SyncPage page = chat.sync(connection.caller(), sync.conversationId(), sync.afterSeq(), limit);
        connection.push(Frames.sync(sync.id(), sync.conversationId().toString(), page.messages(), page.hasMore()));
    }

    /** What a client may read: a downstream failure's detail can name internal addresses. */
    private static String clientMessage(ErrorCode code, String detail) {
        return switch (code) {
            case SERVICE_UNAVAILABLE -> "the service is unavailable; try again";
            case INTERNAL -> "internal error";
            default -> detail;
        };
    }
}
