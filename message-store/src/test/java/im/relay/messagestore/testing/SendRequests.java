package im.relay.messagestore.testing;

import im.relay.proto.chat.v1.ContentType;
import im.relay.proto.chat.v1.SendMessageRequest;

/** Send requests for the message servers' tests. */
public final class SendRequests {

    private SendRequests() {}

    /** A TEXT send to {@code to} (a peer's user id or a group id), to add a quote or mentions to. */
    public static SendMessageRequest.Builder text(String to, String clientMsgId, String text) {
        return SendMessageRequest.newBuilder()
                .setTo(to)
                .setClientMsgId(clientMsgId)
                .setContentType(ContentType.CONTENT_TYPE_TEXT)
                .setContent(text);
    }
}
