package im.relay.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCheckerTest {

    private final StreamChecker alice = new StreamChecker();
    private final StreamChecker bob = new StreamChecker();

    @Test
    void aCompleteConversationHasNoProblems() {
        alice.own(1);
        bob.delivered(1);
        bob.own(2);
        alice.delivered(2);
        alice.own(3);
        bob.delivered(3);

        assertThat(StreamChecker.check(List.of(alice, bob), 0)).isEqualTo(StreamChecker.Counts.NONE);
        assertThat(StreamChecker.maxAcked(List.of(alice, bob))).isEqualTo(3);
    }

    @Test
    void countsARepeatOnceAndDoesNotPassItOn() {
        alice.own(1);
        assertThat(bob.delivered(1)).isTrue();
        assertThat(bob.delivered(1)).isFalse();

        assertThat(StreamChecker.check(List.of(alice, bob), 0).duplicates()).isEqualTo(1);
    }

    @Test
    void ownSendPushedBackToTheSenderIsADuplicate() {
        alice.own(1);
        alice.delivered(1);

        assertThat(StreamChecker.check(List.of(alice, bob), 0).duplicates()).isEqualTo(1);
    }

    @Test
    void aLowerSeqAfterAHigherOneIsOutOfOrder() {
        alice.own(1);
        alice.own(2);
        bob.delivered(2);
        bob.delivered(1);

        StreamChecker.Counts counts = StreamChecker.check(List.of(alice, bob), 0);
        assertThat(counts.outOfOrder()).isEqualTo(1);
        assertThat(counts.gaps()).isZero();
        assertThat(counts.missing()).isZero();
    }

    @Test
    void anAckedMessageNeverDeliveredIsMissingNotAGap() {
        alice.own(1);
        alice.own(2);
        alice.own(3);
        bob.delivered(1);
        bob.delivered(3);

        StreamChecker.Counts counts = StreamChecker.check(List.of(alice, bob), 0);
        assertThat(counts.missing()).isEqualTo(1);
        assertThat(counts.gaps()).isZero();
    }

    @Test
    void aSkippedSeqNobodyWasAckedIsAGap() {
        alice.own(1);
        alice.own(3);
        bob.delivered(1);
        bob.delivered(3); // seq 2 was never acked to anyone here, and never delivered

        StreamChecker.Counts counts = StreamChecker.check(List.of(alice, bob), 0);
        assertThat(counts.gaps()).isEqualTo(2); // a hole in bob's stream and in alice's
        assertThat(counts.missing()).isZero();
    }

    @Test
    void seqsBeforeTheSessionsFirstAreNotGapsAndAStepIsCheckedFromWhereTheLastEnded() {
        // a group's SYSTEM lines took seqs 1-4 before anyone connected
        alice.own(5);
        bob.delivered(5);
        alice.own(6);
        alice.own(7);
        bob.delivered(7); // 6 is missing

        assertThat(StreamChecker.check(List.of(alice, bob), 0).gaps()).isZero();
        assertThat(StreamChecker.check(List.of(alice, bob), 0).missing()).isEqualTo(1);
        assertThat(StreamChecker.check(List.of(alice, bob), 6).missing())
                .as("only seqs above 6")
                .isZero();
    }

    @Test
    void inAGroupEveryOtherMemberMustGetEachMessage() {
        StreamChecker carol = new StreamChecker();
        alice.own(1);
        bob.delivered(1);
        carol.own(2);
        alice.delivered(2);
        bob.delivered(2);

        StreamChecker.Counts counts = StreamChecker.check(List.of(alice, bob, carol), 0);
        assertThat(counts.missing()).isEqualTo(1); // carol never got alice's 1
        assertThat(counts.gaps()).isZero();
    }
}
