package im.relay.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void eachSlotKeepsItsSendsDeliveriesAndWorstLatenciesByScheduledTime(@TempDir Path dir) throws Exception {
        Timeline timeline = new Timeline(1_700_000_000_000L);
        timeline.sent(0, 10 * MS);
        timeline.sent(0, 90 * MS);
        timeline.sent(1, 250 * MS);
        timeline.acked(10 * MS, 2_000);
        timeline.delivered(10 * MS, 3_000);
        timeline.delivered(90 * MS, 450_000); // the stall shows in the slot the send was due in, not when it arrived
        timeline.acked(250 * MS, 1_500);
        timeline.sent(0, -MS); // before the run: ignored, as is anything past the timeline's end
        timeline.delivered(Timeline.SLOTS * Timeline.SLOT_NANOS, 1);

        Path file = dir.resolve("timeline.csv");
        timeline.write(file);

        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "time,run_s,step,sent,delivered,max_ack_ms,max_deliver_ms",
                        "2023-11-14T22:13:20Z,0.0,0,2,2,2.0,450.0",
                        "2023-11-14T22:13:20.200Z,0.2,1,1,0,1.5,0.0");
    }
}
