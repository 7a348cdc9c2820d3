package im.relay.client.bench;

import im.relay.client.ChatListener;
import im.relay.client.ClientMsgIds;
import im.relay.client.Message;
import im.relay.client.RelayException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every message of the run, from its send to each recipient's listener: it keeps the send time by clientMsgId (one
 * process, so {@link System#nanoTime()} compares), feeds the latencies and counts to the {@link Timeline}, and each
 * (recipient, conversation) stream to a {@link StreamChecker}. Sends before {@link #measureFrom} (the warmup) are checked
 * for correctness but left out of the figures.
 */
final class MessageTracker {

    /**
     * The run's correctness: every count should be 0. {@code ownEchoes} are the duplicates that were a recipient's own
     * acknowledged sends passed to its listener as well.
     */
    record Correctness(long streams, long gaps, long duplicates, long ownEchoes, long outOfOrder, long missing) {
        boolean passed() {
            return gaps == 0 && duplicates == 0 && outOfOrder == 0 && missing == 0;
        }
    }

    private static final class Sent {
        final Participant sender;
        final BenchConversation conversation;
        final long sentNanos;
        final boolean measured;
        final AtomicInteger delivered = new AtomicInteger();
        volatile boolean acked;

        Sent(Participant sender, BenchConversation conversation, long sentNanos, boolean measured) {
            this.sender = sender;
            this.conversation = conversation;
            this.sentNanos = sentNanos;
            this.measured = measured;
        }
    }

    private final Timeline timeline;
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Map<String, StreamChecker> streams = new ConcurrentHashMap<>(); // "recipient index|conversation"
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final LongAdder issued = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder measuredSent = new LongAdder();
    private final LongAdder measuredAcked = new LongAdder();
    private final LongAdder connectionsLost = new LongAdder();

    MessageTracker(Timeline timeline) {
        this.timeline = timeline;
    }

    /** Sends from this {@link System#nanoTime()} on count in the figures. */
    void measureFrom(long nanos) {
        measureFromNanos = nanos;
    }

    /** Sends one TEXT message from {@code sender} to {@code conversation}; the future completes at the ack. */
    CompletableFuture<Message> send(Participant sender, BenchConversation conversation) {
        String clientMsgId = ClientMsgIds.next();
        long now = System.nanoTime();
        Sent message = new Sent(sender, conversation, now, now >= measureFromNanos);
        sent.put(clientMsgId, message);
        issued.increment();
        if (message.measured) {
            measuredSent.increment();
            timeline.sent();
        }
        String text = "bench message " + counter.incrementAndGet() + " from "
                + sender.user().username();
        CompletableFuture<Message> future;
        try {
            future = sender.connection()
                    .send(conversation.type(), conversation.target(sender), clientMsgId, "TEXT", text);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        return future.whenComplete((stored, error) -> completed(message, stored, error));
    }

    private void completed(Sent message, Message stored, Throwable error) {
        completed.increment();
        if (error != null) {
            if (message.measured) {
                failures.computeIfAbsent(code(error), code -> new LongAdder()).increment();
                timeline.failed();
            }
            return;
        }
        message.acked = true;
        stream(message.sender, stored.conversationId()).own(stored.seq());
        if (message.measured) {
            measuredAcked.increment();
            timeline.acked(System.nanoTime() - message.sentNanos);
        }
    }

    /** The listener of {@code recipient}'s connection. */
    ChatListener listener(Participant recipient) {
        return new ChatListener() {
            @Override
            public void onMessage(Message message) {
                received(recipient, message);
            }

            @Override
            public void onClosed(String code, String reason) {
                if (!"CLOSED".equals(code)) {
                    connectionsLost.increment(); // kicked or revoked: the run's own close says CLOSED
                }
            }
        };
    }

    private void received(Participant recipient, Message message) {
        long now = System.nanoTime();
        boolean first = stream(recipient, message.conversationId()).delivered(message.messageId(), message.seq());
        Sent sentMessage = message.clientMsgId() == null ? null : sent.get(message.clientMsgId());
        if (!first || sentMessage == null || !sentMessage.sender.id().equals(message.senderId())) {
            return; // a repeat (counted by the checker), or not a bench message (a group's SYSTEM line)
        }
        sentMessage.delivered.incrementAndGet();
        if (sentMessage.measured) {
            timeline.delivered(now - sentMessage.sentNanos);
        }
    }

    private StreamChecker stream(Participant recipient, String conversationId) {
        return streams.computeIfAbsent(recipient.index() + "|" + conversationId, key -> new StreamChecker());
    }

    /** Sends whose future has not completed yet. */
    long pending() {
        return issued.sum() - completed.sum();
    }

    long sent() {
        return measuredSent.sum();
    }

    long acked() {
        return measuredAcked.sum();
    }

    /** Failed measured sends by code (CLOSED: still unacknowledged when the run closed its connections). */
    Map<String, Long> failures() {
        Map<String, Long> byCode = new TreeMap<>();
        failures.forEach((code, count) -> byCode.put(code, count.sum()));
        return byCode;
    }

    /** Deliveries of measured, acknowledged messages (each recipient once). */
    long delivered() {
        return sent.values().stream()
                .filter(message -> message.measured && message.acked)
                .mapToLong(message -> Math.min(message.delivered.get(), message.conversation.recipients()))
                .sum();
    }

    /** Acknowledged measured messages times their recipients. */
    long expectedDeliveries() {
        return sent.values().stream()
                .filter(message -> message.measured && message.acked)
                .mapToLong(message -> message.conversation.recipients())
                .sum();
    }

    /** Recipients that have not (yet) got an acknowledged message, warmup included. */
    long missing() {
        return sent.values().stream()
                .filter(message -> message.acked)
                .mapToLong(message -> Math.max(0, message.conversation.recipients() - message.delivered.get()))
                .sum();
    }

    long connectionsLost() {
        return connectionsLost.sum();
    }

    Correctness correctness() {
        long gaps = 0, duplicates = 0, ownEchoes = 0, outOfOrder = 0;
        for (StreamChecker stream : streams.values()) {
            gaps += stream.gaps();
            duplicates += stream.duplicates();
            ownEchoes += stream.ownEchoes();
            outOfOrder += stream.outOfOrder();
        }
        return new Correctness(streams.size(), gaps, duplicates, ownEchoes, outOfOrder, missing());
    }

    private static String code(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RelayException relay
                ? relay.code()
                : cause.getClass().getSimpleName();
    }
}
