package im.relay.client.bench;

import im.relay.client.ConversationType;
import java.util.List;

/**
 * A conversation of the run and its members, every one of whom sends to it.
 *
 * @param groupId the group's id, {@code null} for a private conversation
 */
record BenchConversation(ConversationType type, String conversationId, String groupId, List<Participant> members) {

    static BenchConversation direct(Participant a, Participant b) {
        return new BenchConversation(
                ConversationType.PRIVATE, ConversationType.PRIVATE.conversationId(a.id(), b.id()), null, List.of(a, b));
    }

    static BenchConversation group(String groupId, List<Participant> members) {
        return new BenchConversation(
                ConversationType.GROUP, ConversationType.GROUP.conversationId(null, groupId), groupId, members);
    }

    /** The {@code to} of a send: the peer's user id, or the group's id. */
    String target(Participant sender) {
        if (type == ConversationType.GROUP) {
            return groupId;
        }
        return members.get(0) == sender ? members.get(1).id() : members.get(0).id();
    }

    /** Everyone but the sender gets each message. */
    int recipients() {
        return members.size() - 1;
    }
}
