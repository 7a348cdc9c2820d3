package im.relay.sdk;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Routes each frame from the server: messages and sync answers to the {@link GapFiller}, acks and errors to the recall,
 * edit, reaction or send they answer, the rest to the application's listener; {@code kicked} ends the connection. Not thread-safe: the
 * connection's loop calls it.
 */
final class FrameRouter {

    private final ChatListener listener;
    private final GapFiller gaps;
    private final PendingSends sends;
    private final PendingChanges recalls;
    private final Supplier<String> userId;
    private final Consumer<String> kicked;

    FrameRouter(
            ChatListener listener,
            GapFiller gaps,
            PendingSends sends,
            PendingChanges recalls,
            Supplier<String> userId,
            Consumer<String> kicked) {
        this.listener = listener;
        this.gaps = gaps;
        this.sends = sends;
        this.recalls = recalls;
        this.userId = userId;
        this.kicked = kicked;
    }

    void route(ServerFrame frame) {
        switch (frame) {
            case ServerFrame.Delivered delivered -> gaps.live(delivered.message());
            case ServerFrame.Ack ack -> {
                if (!recalls.acked(ack.id(), ack.message()) && sends.acked(ack.id(), ack.message())) {
                    gaps.ownSend(ack.message());
                }
            }
            case ServerFrame.Refused refused -> {
                if (!recalls.refused(refused.id(), refused.code(), refused.message()) && !gaps.refused(refused.id())) {
                    sends.refused(refused.id(), refused.code(), refused.message());
                }
            }
            case ServerFrame.Synced synced ->
                // a message of this user completes its send if that is still pending: its ack was lost
                gaps.synced(synced, message -> message.senderId().equals(userId.get()) && sends.settledBySync(message));
            case ServerFrame.Recalled r -> listener.onRecalled(r.conversationId(), r.messageId(), r.by());
            case ServerFrame.Edited e -> listener.onEdited(e.message());
            case ServerFrame.ReactionChanged r ->
                listener.onReaction(r.conversationId(), r.messageId(), r.userId(), r.emoji(), r.added(), r.reactions());
            case ServerFrame.ReadBy r -> listener.onRead(r.conversationId(), r.userId(), r.seq());
            case ServerFrame.TypingBy t -> listener.onTyping(t.conversationId(), t.userId());
            case ServerFrame.Presence p -> listener.onPresence(p.userId(), p.online());
            case ServerFrame.Notification n -> listener.onNotification(n.event(), n.data());
            case ServerFrame.Kicked k -> kicked.accept(k.reason());
            case ServerFrame.Other other -> {} // pong, and frame types newer than this client
        }
    }
}
