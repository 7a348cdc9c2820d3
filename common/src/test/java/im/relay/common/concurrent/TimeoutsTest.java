package im.relay.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

    @Test
    void failsAFutureThatDoesNotCompleteInTime() {
        CompletableFuture<String> future = Timeouts.orTimeout(new CompletableFuture<>(), Duration.ofMillis(50));

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void leavesAFutureThatCompletedInTimeAsItCompleted() throws Exception {
        CompletableFuture<String> future = Timeouts.orTimeout(new CompletableFuture<>(), Duration.ofMillis(200));
        future.complete("committed");

        Thread.sleep(500); // past the limit and two ticks of the wheel

        assertThat(future.get()).isEqualTo("committed");
        assertThat(future.isCompletedExceptionally()).isFalse();
    }

    @Test
    void answersTheFutureItWasGiven() {
        CompletableFuture<String> future = new CompletableFuture<>();

        assertThat(Timeouts.orTimeout(future, Duration.ofSeconds(10))).isSameAs(future);
        assertThat(Timeouts.orTimeout(CompletableFuture.completedFuture("x"), Duration.ofSeconds(10)))
                .isCompletedWithValue("x");
        future.complete("done");
    }
}
