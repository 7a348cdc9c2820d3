package im.relay.messagegateway.cluster;

import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.messagegateway.chat.ConversationId;
import im.relay.messagegateway.chat.ConversationType;
import im.relay.messagegateway.presence.PresenceDirectory;
import im.relay.messagegateway.relations.RelationService;
import im.relay.messagegateway.relations.Verdict;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Typing and presence pushes that another node names (they come from no event record): whether they are true now
 * (the user named is online, or offline as said, by the presence directory) and whether a session held here may hear
 * them, by the rules of the node they began on (TypingService, PresenceService), asked as the listening session's own
 * user. A caller holding the cluster secret can thus only pass on the truth, to the users who may hear it.
 */
@Component
class SignalCheck {

    private final RelationService relations;
    private final PresenceDirectory directory;

    SignalCheck(RelationService relations, PresenceDirectory directory) {
        this.relations = relations;
        this.directory = directory;
    }

    /** A typist is online; a presence change is what the directory says now. */
    boolean current(Source.Typing typing) {
        try {
            return online(typing.userId());
        } catch (DataAccessException e) {
            return false;
        }
    }

    boolean current(Source.Presence presence) {
        try {
            return online(presence.userId()) == presence.online();
        } catch (DataAccessException e) {
            return false; // unknown is not the truth
        }
    }

    /** A member of the conversation other than the typist, who may message the typist. */
    boolean mayHear(Source.Typing typing, Caller listener) {
        ConversationId conversation =
                ConversationId.tryParse(typing.conversationId()).orElse(null);
        if (conversation == null || typing.userId().equals(listener.userId())) {
            return false;
        }
        try {
            if (conversation.type() == ConversationType.PRIVATE) {
                return conversation
                                .peerOf(listener.userId())
                                .filter(typing.userId()::equals)
                                .isPresent()
                        && relations.messaging(listener, typing.userId()) == Verdict.ALLOWED;
            }
            return relations
                    .groupMembers(listener, conversation.groupId())
                    .userIds()
                    .contains(typing.userId());
        } catch (RelayException e) {
            return false; // not a member (NOT_GROUP_MEMBER), or no answer: a typing indicator is a courtesy
        }
    }

    /** A user's presence audience: friends, no block either way. */
    boolean mayHear(Source.Presence presence, Caller listener) {
        try {
            return !presence.userId().equals(listener.userId())
                    && relations.messaging(listener, presence.userId()) == Verdict.ALLOWED;
        } catch (RelayException e) {
            return false;
        }
    }

    private boolean online(String userId) {
        return directory.online(List.of(userId)).contains(userId);
    }
}
