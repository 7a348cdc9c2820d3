package im.relay.sdk;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Recalls, edits and reactions waiting for their {@code ack} or {@code error}, by request id. Not thread-safe: the
 * connection's loop.
 */
final class PendingChanges {

    private final Map<String, CompletableFuture<Message>> waiting = new HashMap<>();
    private long requests;

    /** Waits for the answer to a recall of {@code messageId}; answers the frame to send. */
    ClientFrame.Recall add(String messageId, CompletableFuture<Message> result) {
        return new ClientFrame.Recall(wait("recall-", result), messageId);
    }

    /** Waits for the answer to an edit; answers the frame to send. */
    ClientFrame.Edit edit(String messageId, String content, CompletableFuture<Message> result) {
        return new ClientFrame.Edit(wait("edit-", result), messageId, content);
    }

    /** Waits for the answer to adding ({@code add}) or removing a reaction; answers the frame to send. */
    ClientFrame.React react(String messageId, String emoji, boolean add, CompletableFuture<Message> result) {
        return new ClientFrame.React(wait("react-", result), messageId, emoji, add);
    }

    private String wait(String prefix, CompletableFuture<Message> result) {
        String id = prefix + (++requests);
        waiting.put(id, result);
        return id;
    }

    /** Completes request {@code id} with the message it answers; false when {@code id} is not waiting here. */
    boolean acked(String id, Message recalled) {
        CompletableFuture<Message> result = take(id);
        if (result == null) {
            return false;
        }
        result.complete(recalled);
        return true;
    }

    /** Fails request {@code id} with the server's code; false when {@code id} is not waiting here. */
    boolean refused(String id, String code, String detail) {
        CompletableFuture<Message> result = take(id);
        if (result == null) {
            return false;
        }
        result.completeExceptionally(new RelayException(0, code, detail));
        return true;
    }

    void failAll(RelayException error) {
        waiting.values().forEach(result -> result.completeExceptionally(error));
        waiting.clear();
    }

    private CompletableFuture<Message> take(String id) {
        return id == null ? null : waiting.remove(id);
    }
}
