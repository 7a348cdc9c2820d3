package im.relay.messagestore.model;

import java.util.UUID;

/**
 * A message to store, already checked against the rules. {@code originSessionId} is the sending session, which
 * gets the ack while the sender's other sessions get the message; empty for server-made messages.
 */
public record NewMessage(
        Destination destination,
        UUID senderId,
        String clientMsgId,
        ContentType contentType,
        String content,
        String originSessionId) {

    public record Key(UUID senderId, String clientMsgId) {}

    public Key key() {
        return new Key(senderId, clientMsgId);
    }
}
