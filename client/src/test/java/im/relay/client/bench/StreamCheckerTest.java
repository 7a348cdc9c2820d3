package im.relay.client.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamCheckerTest {

    private final StreamChecker stream = new StreamChecker();

    @Test
    void acceptsAnUnbrokenStreamInOrder() {
        assertThat(stream.delivered("m1", 1)).isTrue();
        assertThat(stream.delivered("m2", 2)).isTrue();
        assertThat(stream.delivered("m3", 3)).isTrue();

        assertThat(stream.gaps()).isZero();
        assertThat(stream.duplicates()).isZero();
        assertThat(stream.outOfOrder()).isZero();
        assertThat(stream.seen()).isEqualTo(3);
    }

    @Test
    void countsSeqsSkippedBetweenTheFirstSeenAndTheLastPassedOn() {
        stream.delivered("m5", 5);
        stream.delivered("m6", 6);
        stream.delivered("m9", 9);

        assertThat(stream.gaps()).isEqualTo(2); // 7 and 8; what came before 5 is not the stream's business
        assertThat(stream.outOfOrder()).isZero();
    }

    @Test
    void fillsTheStreamWithTheRecipientsOwnSends() {
        stream.delivered("m1", 1);
        stream.own(2);
        stream.delivered("m3", 3);
        stream.own(4);

        assertThat(stream.gaps()).isZero();
        assertThat(stream.seen()).isEqualTo(4);
    }

    @Test
    void ownSendsAheadOfTheLastMessagePassedOnAreNoGap() {
        stream.delivered("m1", 1);
        stream.own(4); // acked while 2 and 3 are still on their way: missing deliveries if they never come

        assertThat(stream.gaps()).isZero();

        stream.delivered("m5", 5);

        assertThat(stream.gaps()).isEqualTo(2);
    }

    @Test
    void ownAckCompletingAfterLaterMessagesIsNotOutOfOrder() {
        stream.delivered("m1", 1);
        stream.delivered("m3", 3); // released by the ack of 2, which completes just after
        stream.own(2);

        assertThat(stream.outOfOrder()).isZero();
        assertThat(stream.gaps()).isZero();
    }

    @Test
    void countsARepeatedMessageIdOrSeqAsDuplicate() {
        stream.delivered("m1", 1);

        assertThat(stream.delivered("m1", 1)).isFalse();
        assertThat(stream.delivered("other", 1)).isFalse();
        assertThat(stream.delivered("m1", 2)).isFalse();
        assertThat(stream.duplicates()).isEqualTo(3);
        assertThat(stream.ownEchoes()).isZero();
        assertThat(stream.seen()).isEqualTo(1);
    }

    @Test
    void countsOnesOwnSendReachingTheListenerAsDuplicate() {
        stream.own(1);
        stream.delivered("m1", 1);

        stream.delivered("m2", 2);
        stream.own(2);

        assertThat(stream.duplicates()).isEqualTo(2);
        assertThat(stream.ownEchoes()).isEqualTo(2);
    }

    @Test
    void countsAMessageBelowOneAlreadyPassedOnAsOutOfOrder() {
        stream.delivered("m1", 1);
        stream.delivered("m3", 3);
        assertThat(stream.gaps()).isEqualTo(1);

        assertThat(stream.delivered("m2", 2)).isTrue();

        assertThat(stream.outOfOrder()).isEqualTo(1);
        assertThat(stream.gaps()).isZero();
        assertThat(stream.duplicates()).isZero();
    }

    @Test
    void anEmptyStreamHasNoGaps() {
        assertThat(stream.gaps()).isZero();
        assertThat(stream.seen()).isZero();
    }
}
