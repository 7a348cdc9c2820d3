package im.relay.messagestore.model;

import java.util.List;
import java.util.UUID;

/**
 * Where a message goes, as the server's rules settled it: the conversation, the peer or the group, and the users
 * its events are delivered to (both sides of a private conversation, every member of a group).
 */
public record Destination(
        String conversationId, ConversationType type, UUID receiverId, UUID groupId, List<UUID> recipients) {

    public static Destination privateChat(UUID sender, UUID receiver) {
        return new Destination(
                ConversationIds.privateChat(sender, receiver),
                ConversationType.PRIVATE,
                receiver,
                null,
                sender.equals(receiver) ? List.of(sender) : List.of(sender, receiver));
    }

    public static Destination group(UUID groupId, List<UUID> members) {
        return new Destination(
                ConversationIds.group(groupId), ConversationType.GROUP, null, groupId, List.copyOf(members));
    }
}
