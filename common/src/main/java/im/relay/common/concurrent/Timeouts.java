package im.relay.common.concurrent;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Time limits for futures that nearly always complete in time, such as a send waiting for its commit or its ack.
 *
 * <p>{@link CompletableFuture#orTimeout} schedules a task in the common pool's delay scheduler for each future and
 * cancels it on completion, waking that scheduler's thread each time: 11 to 14 µs of CPU a future on the project's
 * 2-core VM, at two futures a message (docs/benchmarks, ninth session). Here every limit sits on one wheel that ticks
 * ten times a second; scheduling and cancelling only queue, about 1.6 µs a future. A limit fires up to one tick
 * (100 ms) late.
 */
public final class Timeouts {

    private static final HashedWheelTimer WHEEL = new HashedWheelTimer(
            Thread.ofPlatform().name("relay-timeouts").daemon(true).factory(), 100, TimeUnit.MILLISECONDS);

    private Timeouts() {}

    /**
     * Fails {@code future} with a {@link TimeoutException} unless it completes within {@code limit}, as
     * {@link CompletableFuture#orTimeout} does; answers the same future.
     */
    public static <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration limit) {
        if (future.isDone()) {
            return future;
        }
        Timeout timeout = WHEEL.newTimeout(
                expired -> future.completeExceptionally(new TimeoutException()), limit.toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((result, failure) -> timeout.cancel());
        return future;
    }
}
