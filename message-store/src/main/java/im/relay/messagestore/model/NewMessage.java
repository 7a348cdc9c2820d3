package im.relay.messagestore.model;

import java.util.List;
import java.util.UUID;

/**
 * A message to store, already checked against the rules. {@code originSessionId} is the sending session, which
 * gets the ack while the sender's other sessions get the message; empty for server-made messages. {@code replyTo}
 * (the quoted message, looked up by the server) is null when it quotes none.
 */
public record NewMessage(
        Destination destination,
        UUID senderId,
        String clientMsgId,
        ContentType contentType,
        String content,
        String originSessionId,
        ReplyTo replyTo,
        List<UUID> mentions,
        boolean mentionsAll) {

    /** A message that quotes and mentions no one (a server-made line). */
    public NewMessage(
            Destination destination,
            UUID senderId,
            String clientMsgId,
            ContentType contentType,
            String content,
            String originSessionId) {
        this(destination, senderId, clientMsgId, contentType, content, originSessionId, null, List.of(), false);
    }

    /** The same message with other content (the before-send webhook's rewrite): quote and mentions stay. */
    public NewMessage withContent(String newContent) {
        return new NewMessage(
                destination,
                senderId,
                clientMsgId,
                contentType,
                newContent,
                originSessionId,
                replyTo,
                mentions,
                mentionsAll);
    }

    public record Key(UUID senderId, String clientMsgId) {}

    public Key key() {
        return new Key(senderId, clientMsgId);
    }
}
