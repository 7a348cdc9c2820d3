package im.relay.sdk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends not acknowledged yet, by clientMsgId, in the order they were made. Each is sent again with the same id after
 * {@code ackTimeout} (the wait doubling per resend, up to 8 times it) and after every reconnect, until an ack, a
 * refusal or a sync answer settles its future; the server stores it once. Not thread-safe: its connection's loop calls
 * it.
 */
final class PendingSends {

    /** SERVICE_UNAVAILABLE and RATE_LIMITED sends were not stored: sent again this soon. */
    static final Duration RETRY_REFUSED = Duration.ofSeconds(1);

    private static final class Pending {
        final ClientFrame.Send frame;
        final CompletableFuture<Message> result;
        long sentNanos; // 0: not sent yet
        long waitNanos; // until it is sent again

        Pending(ClientFrame.Send frame, CompletableFuture<Message> result) {
            this.frame = frame;
            this.result = result;
        }
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final long ackTimeoutNanos;
    private final Consumer<ClientFrame> writer;
    private final LongSupplier nanoTime;
    private volatile long resends; // read by stats() on any thread

    /** {@code writer} sends a frame on the current socket (or drops it when there is none). */
    PendingSends(Duration ackTimeout, Consumer<ClientFrame> writer, LongSupplier nanoTime) {
        this.ackTimeoutNanos = ackTimeout.toNanos();
        this.writer = writer;
        this.nanoTime = nanoTime;
    }

    /**
     * Tracks a send, and sends it when {@code connected}. A clientMsgId already pending is not sent twice: {@code
     * result} completes with the earlier send's outcome.
     */
    void add(ClientFrame.Send frame, CompletableFuture<Message> result, boolean connected) {
        Pending earlier = pending.putIfAbsent(frame.id(), new Pending(frame, result));
        if (earlier != null) {
            earlier.result.whenComplete((message, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(message);
                }
            });
        } else if (connected) {
            transmit(pending.get(frame.id()));
        }
    }

    /** A socket opened: everything pending goes out on it (a resend for what went out before). */
    void sendAll() {
        for (Pending send : pending.values()) {
            if (send.sentNanos != 0) {
                resends++;
            }
            transmit(send);
        }
    }

    /** Sends again what waited its time for an ack; the next wait is twice as long, up to 8 ack timeouts. */
    void resendDue() {
        long now = nanoTime.getAsLong();
        for (Pending send : pending.values()) {
            if (now - send.sentNanos > send.waitNanos) {
                resends++;
                send.waitNanos = Math.min(2 * send.waitNanos, 8 * ackTimeoutNanos);
                transmit(send);
            }
        }
    }

    /** The ack of send {@code id}: completes it; false when no such send is pending. */
    boolean acked(String id, Message message) {
        Pending send = pending.remove(id);
        if (send == null) {
            return false;
        }
        send.result.complete(message);
        return true;
    }

    /**
     * The server refused send {@code id}: fails it with the code, except SERVICE_UNAVAILABLE and RATE_LIMITED, which
     * are sent again after {@link #RETRY_REFUSED}. False when no such send is pending.
     */
    boolean refused(String id, String code, String detail) {
        Pending send = id == null ? null : pending.get(id);
        if (send == null) {
            return false;
        }
        if (code.equals("SERVICE_UNAVAILABLE") || code.equals("RATE_LIMITED")) {
            send.waitNanos = Math.min(send.waitNanos, nanoTime.getAsLong() - send.sentNanos + RETRY_REFUSED.toNanos());
        } else {
            pending.remove(id);
            send.result.completeExceptionally(new RelayException(0, code, detail));
        }
        return true;
    }

    /** A stored message of this user, from a sync: if its send is pending (the ack was lost), completes it. */
    boolean settledBySync(Message stored) {
        Pending send = pending.remove(stored.clientMsgId());
        if (send == null) {
            return false;
        }
        send.result.complete(stored);
        return true;
    }

    void failAll(RelayException error) {
        pending.values().forEach(send -> send.result.completeExceptionally(error));
        pending.clear();
    }

    long resends() {
        return resends;
    }

    private void transmit(Pending send) {
        if (send.waitNanos == 0) {
            send.waitNanos = ackTimeoutNanos;
        }
        send.sentNanos = nanoTime.getAsLong();
        writer.accept(send.frame);
    }
}
