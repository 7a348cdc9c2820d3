package im.relay.messagestore.model;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Conversation ids of API.md: {@code p:<smallerUserId>:<largerUserId>} (ordered as strings) or {@code g:<groupId>}. */
public final class ConversationIds {

    private ConversationIds() {}

    public static String privateChat(UUID one, UUID other) {
        String a = one.toString();
        String b = other.toString();
        return a.compareTo(b) <= 0 ? "p:" + a + ":" + b : "p:" + b + ":" + a;
    }

    public static String group(UUID groupId) {
        return "g:" + groupId;
    }

    /** The two users of a private conversation id; NOT_FOUND when it is not one. */
    public static List<UUID> privateMembers(String conversationId) {
        String[] parts = conversationId.split(":", -1);
        if (parts.length != 3 || !parts[0].equals("p")) {
            throw notFound(conversationId);
        }
        UUID a = parseId(parts[1], conversationId);
        UUID b = parseId(parts[2], conversationId);
        if (!privateChat(a, b).equals(conversationId)) {
            throw notFound(conversationId); // not in the canonical order, so never a stored conversation
        }
        return List.of(a, b);
    }

    /** The group of a group conversation id; NOT_FOUND when it is not one. */
    public static UUID groupOf(String conversationId) {
        if (!conversationId.startsWith("g:")) {
            throw notFound(conversationId);
        }
        return parseId(conversationId.substring(2), conversationId);
    }

    /** A user or group id given by a client; NOT_FOUND for anything that cannot be one, as no such thing exists. */
    public static UUID parseId(String id) {
        return tryParse(id)
                .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "nothing has the id '" + id + "'"));
    }

    private static UUID parseId(String id, String conversationId) {
        return tryParse(id).orElseThrow(() -> notFound(conversationId));
    }

    private static Optional<UUID> tryParse(String id) {
        try {
            return id.length() == 36 ? Optional.of(UUID.fromString(id)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static RelayException notFound(String what) {
        return new RelayException(ErrorCode.NOT_FOUND, "no conversation " + what);
    }
}
