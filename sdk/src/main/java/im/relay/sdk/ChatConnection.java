package im.relay.sdk;

import java.util.concurrent.CompletableFuture;

/**
 * A live connection of one session. It reconnects by itself with backoff, fills the gaps a disconnect left with
 * {@code sync}, drops repeats by messageId, and resends an unacknowledged message with the same clientMsgId until the
 * server answers it, so a message is stored once however often it is sent.
 */
public interface ChatConnection extends AutoCloseable {

    enum State {
        CONNECTING,
        CONNECTED,
        RECONNECTING,
        CLOSED
    }

    /** Sends a TEXT message; completes with the stored message, or fails with the server's {@link RelayException}. */
    default CompletableFuture<Message> send(ConversationType type, String to, String text) {
        return send(type, to, ClientMsgIds.next(), "TEXT", text);
    }

    default CompletableFuture<Message> send(
            ConversationType type, String to, String clientMsgId, String contentType, String content) {
        return send(type, to, clientMsgId, contentType, content, References.NONE);
    }

    /** A message that quotes another of the conversation and/or mentions group members (see {@link References}). */
    CompletableFuture<Message> send(
            ConversationType type,
            String to,
            String clientMsgId,
            String contentType,
            String content,
            References references);

    /** Recalls a message; completes with it, recalled. */
    CompletableFuture<Message> recall(String messageId);

    /** Replaces the text of one's own TEXT message; completes with it as edited (its seq unchanged). */
    CompletableFuture<Message> edit(String messageId, String content);

    /** Adds ({@code add}) or removes one's emoji reaction; completes with the message and its reactions. */
    CompletableFuture<Message> react(String messageId, String emoji, boolean add);

    /** Tells the other members one is typing (not stored; dropped while disconnected). */
    void typing(String conversationId);

    /** Moves one's read cursor (forward only; resent after a reconnect if it was not sent). */
    void read(String conversationId, long seq);

    State state();

    /** Counters of what the delivery contract had to repair; see {@link Stats}. */
    Stats stats();

    /** Closes the socket; unacknowledged sends fail with CLOSED. */
    @Override
    void close();

    /**
     * @param reconnects connections opened after the first
     * @param duplicatesDropped messages that arrived again (by messageId) and were not passed on
     * @param gapsFilled messages fetched with {@code sync} because a seq was missing
     * @param resends send frames sent again after an ack timeout or a reconnect
     */
    record Stats(long reconnects, long duplicatesDropped, long gapsFilled, long resends) {}
}
