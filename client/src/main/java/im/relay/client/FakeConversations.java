package im.relay.client;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What the fake's message rules need no state for: ids, list lines and content checks, as the message servers do. */
final class FakeConversations {

    private static final Set<String> CLIENT_TYPES = Set.of("TEXT", "IMAGE", "AUDIO", "VIDEO", "FILE");

    private FakeConversations() {}

    /** Ids are UUIDs: anything else names nothing, 404 NOT_FOUND rather than 400. */
    static void requireId(String id) {
        try {
            if (id != null && id.length() == 36) {
                UUID.fromString(id);
                return;
            }
        } catch (IllegalArgumentException e) {
            // not an id: refused below
        }
        throw FakeRelayServer.notFound("thing has the id '" + id + "'");
    }

    /** The two users of {@code p:<smaller>:<larger>}; 404 NOT_FOUND for anything else, as no such thing exists. */
    static List<String> privateMembers(String conversationId) {
        String[] parts = conversationId.split(":", -1);
        if (parts.length != 3
                || !parts[0].equals("p")
                || !ConversationType.PRIVATE.conversationId(parts[1], parts[2]).equals(conversationId)) {
            throw FakeRelayServer.notFound("conversation " + conversationId);
        }
        return List.of(parts[1], parts[2]);
    }

    /** One line of the list, named after the group, or the peer's nickname (else username). */
    static Conversation view(
            FakeRelayServer server, String me, String conversationId, Message last, long maxSeq, long readSeq) {
        if (conversationId.startsWith("g:")) {
            String groupId = conversationId.substring(2);
            String name = server.groups.get(me, groupId).name();
            return new Conversation(
                    conversationId,
                    ConversationType.GROUP,
                    null,
                    groupId,
                    name,
                    last,
                    maxSeq,
                    readSeq,
                    maxSeq - readSeq);
        }
        List<String> members = privateMembers(conversationId);
        String peer = members.get(0).equals(me) ? members.get(1) : members.get(0);
        String name = server.accounts.exists(peer) ? server.accounts.displayName(peer) : "";
        return new Conversation(
                conversationId, ConversationType.PRIVATE, peer, null, name, last, maxSeq, readSeq, maxSeq - readSeq);
    }

    static void validate(String clientMsgId, String contentType, String content) {
        if (clientMsgId == null || clientMsgId.isBlank() || clientMsgId.length() > 64) {
            throw FakeRelayServer.invalid("clientMsgId must be 1-64 characters");
        }
        if ("SYSTEM".equals(contentType)) {
            throw FakeRelayServer.invalid("SYSTEM messages are made by the server only");
        }
        if (contentType == null || !CLIENT_TYPES.contains(contentType)) {
            throw FakeRelayServer.invalid("contentType must be one of TEXT, IMAGE, AUDIO, VIDEO, FILE");
        }
        if (contentType.equals("TEXT")) {
            int length = FakeRelayServer.length(content);
            if (length < 1 || length > 8_000) {
                throw FakeRelayServer.invalid("TEXT content must be 1-8000 characters, not " + length);
            }
        } else if (FakeRelayServer.httpUrlOrEmpty("content", content).isEmpty()) {
            throw FakeRelayServer.invalid(contentType + " content must be the http(s) URL of the uploaded file");
        }
    }
}
