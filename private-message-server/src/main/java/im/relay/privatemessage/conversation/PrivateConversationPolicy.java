package im.relay.privatemessage.conversation;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagestore.model.ConversationIds;
import im.relay.messagestore.model.ConversationPolicy;
import im.relay.messagestore.model.ConversationType;
import im.relay.messagestore.model.Destination;
import im.relay.userclient.UserClient;
import im.relay.userclient.UserProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Private conversations: sending needs friendship and no block either way (friend-service decides); reading a
 * conversation needs only to be one of its two people, so history stays readable after a friendship ends.
 */
@Component
class PrivateConversationPolicy implements ConversationPolicy {

    private final FriendClient friends;
    private final UserClient users;

    PrivateConversationPolicy(FriendClient friends, UserClient users) {
        this.friends = friends;
        this.users = users;
    }

    @Override
    public ConversationType type() {
        return ConversationType.PRIVATE;
    }

    @Override
    public Destination authorizeSend(UUID sender, String target) {
        UUID receiver = ConversationIds.parseId(target);
        return switch (friends.check(sender, receiver)) {
            case ALLOWED -> Destination.privateChat(sender, receiver);
            case NOT_FRIENDS -> throw new RelayException(ErrorCode.NOT_FRIENDS, "you can message friends only");
            case BLOCKED -> throw new RelayException(ErrorCode.BLOCKED, "one of you blocked the other");
        };
    }

    @Override
    public Destination authorizeRead(UUID reader, String target) {
        return Destination.privateChat(reader, ConversationIds.parseId(target));
    }

    @Override
    public Destination authorizeConversation(UUID reader, String conversationId) {
        List<UUID> members = ConversationIds.privateMembers(conversationId);
        if (!members.contains(reader)) {
            throw new RelayException(ErrorCode.NOT_FOUND, "no conversation " + conversationId);
        }
        UUID peer = members.get(0).equals(reader) ? members.get(1) : members.get(0);
        return Destination.privateChat(reader, peer);
    }

    @Override
    public boolean moderates(UUID user, Destination destination) {
        return false;
    }

    @Override
    public Map<String, Conversation> conversationsOf(UUID user, Supplier<List<String>> withCursor) {
        Map<String, UUID> peers = new LinkedHashMap<>();
        for (String conversationId : withCursor.get()) {
            List<UUID> members = ConversationIds.privateMembers(conversationId);
            peers.put(conversationId, members.get(0).equals(user) ? members.get(1) : members.get(0));
        }
        Map<UUID, UserProfile> profiles = users.profiles(peers.values());
        Map<String, Conversation> conversations = new LinkedHashMap<>();
        peers.forEach((id, peer) -> conversations.put(
                id,
                new Conversation(
                        id,
                        peer,
                        null,
                        profiles.getOrDefault(peer, UserProfile.unknown(peer)).displayName())));
        return conversations;
    }
}
