package im.relay.messagegateway.websocket;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection's sends handed on to a message server and not answered yet (they are pipelined). Closing for the rate
 * limit waits for them, so that a client learns which of its sends were stored before the socket goes.
 */
final class SendsInFlight {

    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<Runnable> whenNone = new AtomicReference<>();

    void started() {
        count.incrementAndGet();
    }

    void answered() {
        if (count.decrementAndGet() == 0) {
            runWaiting();
        }
    }

    /** Runs {@code action} once every send started so far has been answered: now, if none is in flight. */
    void whenAllAnswered(Runnable action) {
        whenNone.set(action);
        if (count.get() == 0) {
            runWaiting();
        }
    }

    private void runWaiting() {
        Runnable action = whenNone.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }
}
