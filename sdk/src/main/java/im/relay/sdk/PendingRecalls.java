package im.relay.sdk;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Recalls waiting for their {@code ack} or {@code error}, by request id. Not thread-safe: the connection's loop. */
final class PendingRecalls {

    private final Map<String, CompletableFuture<Message>> waiting = new HashMap<>();
    private long requests;

    /** Waits for the answer to a recall of {@code messageId}; answers the frame to send. */
    ClientFrame.Recall add(String messageId, CompletableFuture<Message> result) {
        String id = "recall-" + (++requests);
        waiting.put(id, result);
        return new ClientFrame.Recall(id, messageId);
    }

    /** Completes recall {@code id} with the recalled message; false when {@code id} is not a waiting recall. */
    boolean acked(String id, Message recalled) {
        CompletableFuture<Message> result = take(id);
        if (result == null) {
            return false;
        }
        result.complete(recalled);
        return true;
    }

    /** Fails recall {@code id} with the server's code; false when {@code id} is not a waiting recall. */
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
