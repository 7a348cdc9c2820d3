package im.relay.messagegateway.typing;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.messagegateway.chat.ConversationId;
import im.relay.messagegateway.chat.ConversationType;
import im.relay.messagegateway.cluster.DeliveryService;
import im.relay.messagegateway.cluster.Push;
import im.relay.messagegateway.relations.GroupMembers;
import im.relay.messagegateway.relations.RelationService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Typing indicators: pushed to the other members of a conversation and never stored. They follow the messaging
 * rules, so that a blocked user or a former member cannot reach anyone this way either.
 */
@Service
public class TypingService {

    private final RelationService relations;
    private final DeliveryService delivery;

    TypingService(RelationService relations, DeliveryService delivery) {
        this.relations = relations;
        this.delivery = delivery;
    }

    public void typing(Caller caller, ConversationId conversation) {
        delivery.deliver(
                List.of(Push.typing(recipients(caller, conversation), conversation.toString(), caller.userId())));
    }

    private Set<String> recipients(Caller caller, ConversationId conversation) {
        if (conversation.type() == ConversationType.PRIVATE) {
            String peer = conversation
                    .peerOf(caller.userId())
                    .orElseThrow(() -> new RelayException(ErrorCode.FORBIDDEN, "not a conversation of yours"));
            return switch (relations.messaging(caller, peer)) {
                case ALLOWED -> Set.of(peer);
                case NOT_FRIENDS -> throw new RelayException(ErrorCode.NOT_FRIENDS, "you are not friends");
                case BLOCKED -> throw new RelayException(ErrorCode.BLOCKED, "a block stops messages between you");
            };
        }
        GroupMembers members = relations.groupMembers(caller, conversation.groupId());
        Set<String> others = new HashSet<>(members.userIds());
        others.remove(caller.userId());
        return others;
    }
}
