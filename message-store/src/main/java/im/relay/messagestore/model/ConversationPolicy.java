package im.relay.messagestore.model;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The rules of one kind of conversation, which each message server supplies (friendship and blocks, or membership,
 * roles and mutes). Methods throw a RelayException with the API's code when the caller may not do what they ask.
 */
public interface ConversationPolicy {

    ConversationType type();

    /** Where a send by {@code sender} to {@code target} (a peer's user id or a group id) goes. */
    Destination authorizeSend(UUID sender, String target);

    /** The conversation with {@code target} (a peer or a group), after checking that {@code reader} may read it. */
    Destination authorizeRead(UUID reader, String target);

    /** As {@link #authorizeRead(UUID, String)}, by conversation id. */
    Destination authorizeConversation(UUID reader, String conversationId);

    /** Whether {@code user} may recall other people's messages in the conversation (group owners and admins). */
    boolean moderates(UUID user, Destination destination);

    /**
     * The user's conversations of this kind, each with the name to show, in any order. {@code withCursor} lists the
     * conversations in which the user holds a read cursor (every private conversation they took part in).
     */
    Map<String, Conversation> conversationsOf(UUID user, Supplier<List<String>> withCursor);

    /** A conversation's identity as the list shows it. */
    record Conversation(String conversationId, UUID peerId, UUID groupId, String name) {}
}
