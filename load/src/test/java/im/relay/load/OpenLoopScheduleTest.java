package im.relay.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void spreadsTheSendersEvenlyAndGivesEachTheRateOverTheSenders() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1000, 4, 0); // 250/s each, one send every 1 ms overall

        assertThat(schedule.perSenderRate()).isEqualTo(250);
        assertThat(List.of(
                        schedule.dueAt(0), schedule.dueAt(1), schedule.dueAt(2), schedule.dueAt(3), schedule.dueAt(4)))
                .containsExactly(0L, 1_000_000L, 2_000_000L, 3_000_000L, 4_000_000L);
        assertThat(List.of(schedule.sender(0), schedule.sender(1), schedule.sender(4), schedule.sender(7)))
                .containsExactly(0, 1, 0, 3);
        assertThat(schedule.eventsBefore(1_000_000_000L)).isEqualTo(1000);
    }

    @Test
    void aCursorWalksItsOwnSendersInDueOrderAtTheirOwnRate() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(100, 10, 5_000); // one sender sends every 100 ms
        OpenLoopSchedule.Cursor cursor = schedule.cursor(new int[] {7, 2});

        List<String> walked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            walked.add(cursor.sender() + "#" + cursor.sendNumber() + "@" + (cursor.dueAt() - 5_000) / 1_000_000);
            cursor.advance();
        }

        assertThat(walked).containsExactly("2#0@20", "7#0@70", "2#1@120", "7#1@170");
    }

    @Test
    void aLateTickStillStampsEverySendWithItsDueTimeSoTheLatenessIsRecorded() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1000, 2, 0);
        OpenLoopSchedule.Cursor cursor = schedule.cursor(new int[] {0, 1});
        StepStats step = new StepStats(0, 1000, 0, Long.MAX_VALUE, new Timeline(0));
        long tickRanAt = 50_000_000; // the loop was busy: the tick meant for t=0 runs 50 ms late

        int sent = 0;
        while (cursor.dueAt() <= tickRanAt) { // open loop: nothing is skipped, nothing waits for an ack
            step.sent(true, cursor.dueAt(), tickRanAt);
            cursor.advance();
            sent++;
        }

        assertThat(sent).isEqualTo(51);
        Histogram lateness = step.histograms().lateness();
        assertThat(lateness.getMaxValue() / 1e3).isCloseTo(50, within(0.1));
        assertThat(lateness.getMinValue()).isZero();
        assertThat(step.sentMeasured.sum()).isEqualTo(51);
    }
}
