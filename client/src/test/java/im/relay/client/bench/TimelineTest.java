package im.relay.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void closesThePartialSecondAtTheEndAndTotalsTheLatencies() {
        try (Timeline timeline = new Timeline()) {
            timeline.start(System.nanoTime());
            timeline.sent();
            timeline.sent();
            timeline.acked(TimeUnit.MILLISECONDS.toNanos(2));
            timeline.delivered(TimeUnit.MILLISECONDS.toNanos(3));
            timeline.delivered(TimeUnit.MILLISECONDS.toNanos(5));
            timeline.failed();

            timeline.finish();

            Timeline.Second last = timeline.seconds().getLast();
            assertThat(timeline.seconds().stream()
                            .mapToLong(Timeline.Second::sent)
                            .sum())
                    .isEqualTo(2);
            assertThat(last.second()).isEqualTo(timeline.seconds().size());
            assertThat(timeline.ackLatency().count()).isEqualTo(1);
            assertThat(timeline.ackLatency().p50()).isBetween(1.99, 2.01);
            assertThat(timeline.deliverLatency().count()).isEqualTo(2);
            assertThat(timeline.deliverLatency().max()).isBetween(4.99, 5.01);
        }
    }

    @Test
    void leavesPercentilesOfAnEmptySecondUnset() {
        try (Timeline timeline = new Timeline()) {
            timeline.start(System.nanoTime());

            timeline.finish();

            Timeline.Second only = timeline.seconds().getFirst();
            assertThat(only.deliverP50Ms()).isNull();
            assertThat(only.ackP99Ms()).isNull();
            assertThat(timeline.deliverLatency().count()).isZero();
        }
    }
}
