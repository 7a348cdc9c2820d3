package im.relay.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChatLoopTest {

    @Test
    void tasksRunOneAtATimeOnTheLoopAndAFailingOneDoesNotStopIt() throws Exception {
        ChatLoop loop = new ChatLoop("chat-loop-test");
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);

        loop.submit(() -> ran.add(Thread.currentThread().getName()));
        loop.submit(() -> {
            throw new IllegalStateException("a listener's own failure");
        });
        loop.schedule(() -> ran.add("later"), Duration.ofMillis(20));
        loop.schedule(done::countDown, Duration.ofMillis(40));

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("chat-loop-test", "later");
        loop.shutdownAfter(() -> ran.add("last"));
        assertThat(ran).endsWith("last");
    }

    @Test
    void afterShutdownATaskRunsOnTheCallersThread() {
        ChatLoop loop = new ChatLoop("chat-loop-test");
        loop.shutdownAfter(() -> {});
        List<String> ran = new CopyOnWriteArrayList<>();

        loop.submit(() -> ran.add(Thread.currentThread().getName()));

        assertThat(ran).containsExactly(Thread.currentThread().getName());
    }
}
