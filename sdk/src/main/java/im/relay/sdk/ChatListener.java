package im.relay.sdk;

import java.util.List;
import java.util.Map;

/**
 * What a {@link ChatConnection} reports. Called on the connection's own thread, one call at a time: do not block in
 * it. Every method does nothing by default.
 */
public interface ChatListener {

    /**
     * A message of a conversation, exactly once and in seq order per conversation (what this session sent itself
     * completes its {@link ChatConnection#send} future instead).
     */
    default void onMessage(Message message) {}

    default void onRecalled(String conversationId, String messageId, String by) {}

    /**
     * A message's text changed (by its sender, on any session but this one): {@code message} is its current state at
     * its own seq. Keep it when its {@code editVersion} is higher than the one held.
     */
    default void onEdited(Message message) {}

    /**
     * {@code userId} added ({@code added}) or removed {@code emoji} on a message; {@code reactions} is the message's
     * whole list after the change, to replace the one held.
     */
    default void onReaction(
            String conversationId,
            String messageId,
            String userId,
            String emoji,
            boolean added,
            List<Message.Reaction> reactions) {}

    /** {@code userId} has read {@code conversationId} up to {@code seq} (the peer, or oneself on another device). */
    default void onRead(String conversationId, String userId, long seq) {}

    default void onTyping(String conversationId, String userId) {}

    default void onPresence(String userId, boolean online) {}

    /** FRIEND_REQUEST, FRIEND_ACCEPTED, GROUP_INVITED, … with the event's data (API.md). */
    default void onNotification(String event, Map<String, Object> data) {}

    default void onStateChanged(ChatConnection.State state) {}

    /**
     * The connection ended for good: {@code code} KICKED (a login elsewhere on this platform), REVOKED (the session was
     * ended) or CLOSED.
     */
    default void onClosed(String code, String reason) {}
}
