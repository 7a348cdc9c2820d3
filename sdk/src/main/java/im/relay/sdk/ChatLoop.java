package im.relay.sdk;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread a connection's state lives on: every task runs there, one at a time, and a task's failure (the
 * listener's own, say) goes to the thread's uncaught-exception handler instead of stopping the loop.
 */
final class ChatLoop {

    private final ScheduledExecutorService executor;

    ChatLoop(String name) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name).factory());
    }

    /** Queues {@code task}; once the loop is shut down, runs it on the caller's thread instead. */
    void submit(Runnable task) {
        try {
            executor.execute(() -> safely(task));
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    void schedule(Runnable task, Duration delay) {
        executor.schedule(() -> safely(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void every(Duration period, Runnable task) {
        long millis = period.toMillis();
        executor.scheduleWithFixedDelay(() -> safely(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code last} on the loop (waiting up to 5 s for it), then stops the loop. */
    void shutdownAfter(Runnable last) {
        try {
            CompletableFuture.runAsync(last, executor).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already shut down, or the loop is stuck: shut it down anyway
        }
        executor.shutdownNow();
    }

    static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }
}
