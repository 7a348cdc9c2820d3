package im.relay.client.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends until a deadline, in one of two ways. Closed loop: each sender keeps {@code inFlight} sends outstanding and
 * sends the next one when an ack frees a slot, so the server's speed sets the rate. Open loop: each sender sends on a
 * fixed schedule whatever the acks do, so the rate is the one asked for; a send that starts more than one period late
 * is counted as late (the machine running the bench could not keep up), never skipped.
 *
 * <p>A sender is one member of one conversation. The server limits sends per connection (20/s, burst 50 by default;
 * over it a send is refused and the SDK tries it again a second later), so in the closed loop each user's
 * sends are paced under {@code userRateLimit} (0: not at all).
 */
final class LoadDriver {

    /** One member sending to one conversation. */
    record Sender(Participant participant, BenchConversation conversation) {}

    private static final Duration AFTER_FAILURE = Duration.ofMillis(100);

    private final List<Sender> senders;
    private final MessageTracker tracker;
    private final LongAdder late = new LongAdder();
    private final AtomicLong maxLagNanos = new AtomicLong();

    LoadDriver(List<BenchConversation> conversations, MessageTracker tracker) {
        this.senders = senders(conversations);
        this.tracker = tracker;
    }

    static List<Sender> senders(List<BenchConversation> conversations) {
        List<Sender> senders = new ArrayList<>();
        for (BenchConversation conversation : conversations) {
            for (Participant member : conversation.members()) {
                senders.add(new Sender(member, conversation));
            }
        }
        return senders;
    }

    void closedLoop(int inFlight, double userRateLimit, long startNanos, long endNanos) throws InterruptedException {
        Map<Participant, Pacer> pacers = new HashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (Sender sender : senders) {
            Pacer pacer = userRateLimit > 0
                    ? pacers.computeIfAbsent(sender.participant(), participant -> new Pacer(userRateLimit))
                    : null;
            threads.add(Thread.ofVirtual()
                    .name("bench-sender")
                    .start(() -> keepSending(sender, inFlight, pacer, startNanos, endNanos)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void keepSending(Sender sender, int inFlight, Pacer pacer, long startNanos, long endNanos) {
        Semaphore slots = new Semaphore(inFlight);
        AtomicBoolean failed = new AtomicBoolean();
        LockSupport.parkNanos(startNanos - System.nanoTime());
        try {
            while (true) {
                long left = endNanos - System.nanoTime();
                if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (failed.getAndSet(false)) {
                    Thread.sleep(AFTER_FAILURE); // a send that fails at once (a closed connection) must not spin
                }
                if (pacer != null) {
                    long wait = pacer.reserve() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                if (System.nanoTime() >= endNanos) {
                    return;
                }
                tracker.send(sender.participant(), sender.conversation()).whenComplete((stored, error) -> {
                    if (error != null) {
                        failed.set(true);
                    }
                    slots.release();
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Spreads {@code rate} messages/s evenly over the senders, each on its own phase of the common period. */
    void openLoop(double rate, long startNanos, long endNanos) throws InterruptedException {
        long period = Math.max(1, Math.round(senders.size() * 1e9 / rate));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(
                2, Thread.ofPlatform().daemon().name("bench-scheduler-", 0).factory());
        try {
            for (int i = 0; i < senders.size(); i++) {
                Sender sender = senders.get(i);
                long phase = startNanos + period * i / senders.size();
                AtomicLong count = new AtomicLong();
                scheduler.scheduleAtFixedRate(
                        () -> scheduledSend(sender, phase + count.getAndIncrement() * period, period, endNanos),
                        Math.max(0, phase - System.nanoTime()),
                        period,
                        TimeUnit.NANOSECONDS);
            }
            LockSupport.parkNanos(endNanos - System.nanoTime());
            while (System.nanoTime() < endNanos) {
                Thread.sleep(1);
            }
        } finally {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void scheduledSend(Sender sender, long dueNanos, long period, long endNanos) {
        long now = System.nanoTime();
        if (now >= endNanos) {
            return;
        }
        long lag = now - dueNanos;
        if (lag > period) {
            late.increment();
        }
        maxLagNanos.accumulateAndGet(lag, Math::max);
        tracker.send(sender.participant(), sender.conversation());
    }

    /** Open-loop sends that started more than one period after their time. */
    long lateSends() {
        return late.sum();
    }

    /** How far behind its schedule the open loop fell at worst. */
    long maxLagNanos() {
        return maxLagNanos.get();
    }

    /** Hands out send times at most {@code rate} a second for one user's senders together. */
    static final class Pacer {
        private final long interval;
        private long next;

        Pacer(double rate) {
            this.interval = Math.round(1e9 / rate);
            this.next = System.nanoTime();
        }

        /** The {@link System#nanoTime()} at which the caller may send. */
        synchronized long reserve() {
            long slot = Math.max(System.nanoTime(), next);
            next = slot + interval;
            return slot;
        }
    }
}
