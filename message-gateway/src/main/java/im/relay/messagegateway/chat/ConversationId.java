package im.relay.messagegateway.chat;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import java.util.Optional;

/**
 * A parsed conversation id: {@code p:<smallerUserId>:<largerUserId>} (the two user ids ordered as strings) or
 * {@code g:<groupId>}. Ids are opaque but never contain a colon.
 */
public record ConversationId(ConversationType type, String firstUserId, String secondUserId, String groupId) {

    public static ConversationId parse(String value) {
        return tryParse(value)
                .orElseThrow(() -> new RelayException(
                        ErrorCode.VALIDATION_FAILED, "conversationId must be p:<userId>:<userId> or g:<groupId>"));
    }

    public static Optional<ConversationId> tryParse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(":", -1);
        if (parts.length == 3 && parts[0].equals("p") && valid(parts[1]) && valid(parts[2])) {
            if (parts[1].compareTo(parts[2]) >= 0) {
                return Optional.empty(); // not the canonical order, or a conversation with oneself
            }
            return Optional.of(new ConversationId(ConversationType.PRIVATE, parts[1], parts[2], null));
        }
        if (parts.length == 2 && parts[0].equals("g") && valid(parts[1])) {
            return Optional.of(new ConversationId(ConversationType.GROUP, null, null, parts[1]));
        }
        return Optional.empty();
    }

    public static ConversationId ofPrivate(String userId, String otherUserId) {
        return userId.compareTo(otherUserId) < 0
                ? new ConversationId(ConversationType.PRIVATE, userId, otherUserId, null)
                : new ConversationId(ConversationType.PRIVATE, otherUserId, userId, null);
    }

    /** For a private conversation of {@code userId}: the other user; empty when {@code userId} is not in it. */
    public Optional<String> peerOf(String userId) {
        if (type != ConversationType.PRIVATE) {
            return Optional.empty();
        }
        if (userId.equals(firstUserId)) {
            return Optional.of(secondUserId);
        }
        return userId.equals(secondUserId) ? Optional.of(firstUserId) : Optional.empty();
    }

    @Override
    public String toString() {
        return type == ConversationType.PRIVATE ? "p:" + firstUserId + ":" + secondUserId : "g:" + groupId;
    }

    private static boolean valid(String id) {
        return !id.isBlank() && id.length() <= 128;
    }
}
