package im.relay.groupmessage.conversation;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagestore.model.ConversationIds;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.ConversationType;
import im.relay.messagestore.model.Destination;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Group conversations: members read; members send unless muted (group-service decides, owners and admins are exempt
 * from mute-all); owners and admins may recall anyone's message. A message goes to every current member.
 */
@Component
class GroupConversationPolicy implements ConversationPolicy {

    private final GroupClient groups;

    GroupConversationPolicy(GroupClient groups) {
        this.groups = groups;
    }

    @Override
    public ConversationType type() {
        return ConversationType.GROUP;
    }

    @Override
    public Destination authorizeSend(UUID sender, String target) {
        UUID groupId = ConversationIds.parseId(target);
        GroupClient.Membership membership = groups.membership(sender, groupId);
        if (membership.verdict() == GroupClient.Verdict.MUTED) {
            throw new RelayException(ErrorCode.MUTED, "you are muted in this group");
        }
        return member(membership, groupId);
    }

    @Override
    public Destination authorizeRead(UUID reader, String target) {
        UUID groupId = ConversationIds.parseId(target);
        return member(groups.membership(reader, groupId), groupId);
    }

    @Override
    public Destination authorizeConversation(UUID reader, String conversationId) {
        UUID groupId = ConversationIds.groupOf(conversationId);
        return member(groups.membership(reader, groupId), groupId);
    }

    private Destination member(GroupClient.Membership membership, UUID groupId) {
        return switch (membership.verdict()) {
            case ALLOWED, MUTED -> Destination.group(groupId, groups.memberIds(groupId));
            case NOT_GROUP_MEMBER ->
                throw new RelayException(ErrorCode.NOT_GROUP_MEMBER, "you are not a member of this group");
            case GROUP_NOT_FOUND -> throw new RelayException(ErrorCode.NOT_FOUND, "no group " + groupId);
        };
    }

    @Override
    public boolean moderates(UUID user, Destination destination) {
        return groups.membership(user, destination.groupId()).moderator();
    }

    @Override
    public Map<String, Conversation> conversationsOf(UUID user, Supplier<List<String>> withCursor) {
        Map<String, Conversation> conversations = new LinkedHashMap<>();
        groups.myGroups().forEach((groupId, name) -> {
            String id = ConversationIds.group(groupId);
            conversations.put(id, new Conversation(id, null, groupId, name));
        });
        return conversations;
    }
}
