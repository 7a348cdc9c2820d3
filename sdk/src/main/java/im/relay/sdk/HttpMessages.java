package im.relay.sdk;

import static im.relay.sdk.Http.fields;
import static im.relay.sdk.Http.query;
import static im.relay.sdk.Http.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The message calls of {@link HttpRelayClient} over REST: {@code /api/chat}. */
final class HttpMessages implements RelayClient.Messages {

    private final HttpRelayClient client;

    HttpMessages(HttpRelayClient client) {
        this.client = client;
    }

    @Override
    public Message send(
            ConversationType type,
            String to,
            String clientMsgId,
            String contentType,
            String content,
            References references) {
        Map<String, Object> body = fields(
                "clientMsgId", clientMsgId,
                "contentType", contentType,
                "content", content,
                "replyTo", references.replyTo(),
                "mentions", references.mentions().isEmpty() ? null : references.mentions());
        return Http.read(client.call("POST", path(type, to), body), Message.class);
    }

    @Override
    public Page<Message> history(ConversationType type, String to, long beforeSeq, long afterSeq, int limit) {
        JsonNode answer = client.fetch(path(type, to)
                + query(
                        "before", beforeSeq > 0 ? beforeSeq : null,
                        "after", afterSeq > 0 ? afterSeq : null,
                        "limit", limit > 0 ? limit : null));
        return new Page<>(
                HttpRelayClient.items(answer, Message.class),
                answer.path("hasMore").asBoolean(),
                -1);
    }

    private static String path(ConversationType type, String to) {
        return (type == ConversationType.GROUP ? "/api/chat/groups/" : "/api/chat/private/") + segment(to)
                + "/messages";
    }

    @Override
    public List<Conversation> conversations() {
        return HttpRelayClient.items(client.fetch("/api/chat/conversations"), Conversation.class);
    }

    @Override
    public void markRead(String conversationId, long seq) {
        client.call("POST", "/api/chat/conversations/" + segment(conversationId) + "/read", fields("seq", seq));
    }

    @Override
    public Unread unread() {
        JsonNode answer = client.fetch("/api/chat/unread");
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> mentioned = new LinkedHashMap<>();
        for (JsonNode item : answer.path("conversations")) {
            String conversationId = item.path("conversationId").asString();
            counts.put(conversationId, item.path("unreadCount").asLong());
            if (item.path("mentionedCount").asLong() > 0) {
                mentioned.put(conversationId, item.path("mentionedCount").asLong());
            }
        }
        return new Unread(answer.path("total").asLong(), counts, mentioned);
    }

    @Override
    public Message recall(String messageId) {
        return Http.read(
                client.call("POST", "/api/chat/messages/" + segment(messageId) + "/recall", null), Message.class);
    }

    @Override
    public Message edit(String messageId, String content) {
        return Http.read(
                client.call("PATCH", "/api/chat/messages/" + segment(messageId), fields("content", content)),
                Message.class);
    }

    @Override
    public Message react(String messageId, String emoji) {
        return Http.read(client.call("PUT", reaction(messageId, emoji), null), Message.class);
    }

    @Override
    public Message unreact(String messageId, String emoji) {
        return Http.read(client.call("DELETE", reaction(messageId, emoji), null), Message.class);
    }

    private static String reaction(String messageId, String emoji) {
        return "/api/chat/messages/" + segment(messageId) + "/reactions/" + segment(emoji);
    }

    @Override
    public void deleteForMe(String messageId) {
        client.call("DELETE", "/api/chat/messages/" + segment(messageId), null);
    }
}
