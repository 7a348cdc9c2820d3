package im.relay.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationStreamsTest {

    private static final String CONVERSATION = "p:a:b";

    private final ConversationStreams streams = new ConversationStreams();

    @Test
    void inOrderMessagesPassStraightThrough() {
        streams.baseline(CONVERSATION, 0);

        assertThat(seqs(streams.accept(message(1), true))).containsExactly(1L);
        assertThat(seqs(streams.accept(message(2), true))).containsExactly(2L);
        assertThat(streams.delivered(CONVERSATION)).isEqualTo(2);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(-1);
        assertThat(streams.duplicates()).isZero();
    }

    @Test
    void aRepeatByMessageIdIsDroppedAndCounted() {
        streams.baseline(CONVERSATION, 0);
        Message first = message(1);
        streams.accept(first, true);

        assertThat(streams.accept(first, true)).isEmpty();
        assertThat(streams.duplicates()).isEqualTo(1);
    }

    @Test
    void aMessageWithASeqAlreadyPassedIsDroppedEvenUnderANewId() {
        streams.baseline(CONVERSATION, 5);

        assertThat(streams.accept(message(5), true)).isEmpty();
        assertThat(streams.accept(message(3), true)).isEmpty();
        assertThat(streams.duplicates()).isEqualTo(2);
    }

    @Test
    void aRepeatOfAHeldMessageIsDroppedAndCounted() {
        streams.baseline(CONVERSATION, 0);
        Message third = message(3);
        streams.accept(third, true);

        assertThat(streams.accept(third, true)).isEmpty();
        assertThat(streams.duplicates()).isEqualTo(1);
    }

    @Test
    void anOutOfOrderMessageIsHeldUntilTheGapIsFilled() {
        streams.baseline(CONVERSATION, 0);
        streams.accept(message(1), true);

        assertThat(streams.accept(message(3), true)).isEmpty();
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(1);

        assertThat(seqs(streams.accept(message(2), true))).containsExactly(2L, 3L);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(-1);
        assertThat(streams.delivered(CONVERSATION)).isEqualTo(3);
    }

    @Test
    void aSyncAnswerPassesItsMessagesAndReleasesTheHeldOnes() {
        streams.baseline(CONVERSATION, 1);
        streams.accept(message(4), true);

        List<ConversationStreams.Ready> ready = streams.synced(CONVERSATION, List.of(message(2), message(3)), false);

        assertThat(seqs(ready)).containsExactly(2L, 3L, 4L);
        assertThat(streams.filled()).isEqualTo(2);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(-1);
    }

    @Test
    void aSyncAnswerThatRepeatsPassedMessagesDropsThem() {
        streams.baseline(CONVERSATION, 0);
        Message first = message(1);
        streams.accept(first, true);

        List<ConversationStreams.Ready> ready = streams.synced(CONVERSATION, List.of(first, message(2)), false);

        assertThat(seqs(ready)).containsExactly(2L);
        assertThat(streams.duplicates()).isEqualTo(1);
        assertThat(streams.filled()).isEqualTo(1);
    }

    @Test
    void aSeqDeletedForThisUserDoesNotBlockLaterMessages() {
        streams.baseline(CONVERSATION, 1);
        streams.accept(message(3), true); // 2 was deleted for this user: the server will never send it
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(1);

        List<ConversationStreams.Ready> ready = streams.synced(CONVERSATION, List.of(message(3)), false);

        assertThat(seqs(ready)).containsExactly(3L);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(-1);
        assertThat(seqs(streams.accept(message(4), true))).containsExactly(4L);
    }

    @Test
    void anEmptySyncAnswerStopsTheWaitForSeqsTheServerNoLongerHas() {
        streams.baseline(CONVERSATION, 1);
        streams.accept(message(4), true); // pushed, then 2, 3 and 4 deleted for this user on another device

        List<ConversationStreams.Ready> ready = streams.synced(CONVERSATION, List.of(), false);

        assertThat(seqs(ready)).containsExactly(4L);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(-1);
        assertThat(seqs(streams.accept(message(5), true))).containsExactly(5L);
    }

    @Test
    void aSyncAnswerThatEndsBeforeAHeldMessageKeepsWaitingForTheSeqsBetween() {
        streams.baseline(CONVERSATION, 0);
        streams.accept(message(2), true);
        // 1 and 2 were stored when the server answered; 3 and 4 came later, and 4 overtook 3 on the way
        streams.accept(message(4), true);

        List<ConversationStreams.Ready> ready = streams.synced(CONVERSATION, List.of(message(1), message(2)), false);

        assertThat(seqs(ready)).containsExactly(1L, 2L);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(2);
        assertThat(seqs(streams.accept(message(3), true))).containsExactly(3L, 4L);
    }

    @Test
    void aDeletedSeqJustBeforeAHeldMessageIsAskedForOnceMoreThenSkipped() {
        streams.baseline(CONVERSATION, 1);
        streams.accept(message(5), true); // 4 was deleted for this user

        assertThat(seqs(streams.synced(CONVERSATION, List.of(message(2), message(3)), false)))
                .containsExactly(2L, 3L);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(3);

        assertThat(seqs(streams.synced(CONVERSATION, List.of(), false))).containsExactly(5L);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(-1);
    }

    @Test
    void aSyncAnswerWithMoreToComeKeepsWaiting() {
        streams.baseline(CONVERSATION, 0);
        streams.accept(message(5), true);

        List<ConversationStreams.Ready> ready = streams.synced(CONVERSATION, List.of(message(1), message(2)), true);

        assertThat(seqs(ready)).containsExactly(1L, 2L);
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(2);
    }

    @Test
    void missingCountsTheSeqsBeforeTheFirstHeldMessage() {
        streams.baseline(CONVERSATION, 2);
        streams.accept(message(6), true);

        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(2);
        assertThat(streams.missing(CONVERSATION)).isEqualTo(3);
    }

    @Test
    void anUnknownConversationHoldsMessagesUntilItsBaseline() {
        assertThat(streams.accept(message(1), true)).isEmpty();
        assertThat(streams.accept(message(2), true)).isEmpty();
        assertThat(streams.known(CONVERSATION)).isFalse();
        assertThat(streams.gapAfter(CONVERSATION)).isEqualTo(-1);

        assertThat(seqs(streams.baseline(CONVERSATION, 0))).containsExactly(1L, 2L);
        assertThat(streams.known(CONVERSATION)).isTrue();
    }

    @Test
    void aBaselinePastHeldMessagesStillPassesThem() {
        streams.accept(message(3), true);

        // the cursor says 5 was read, but 3 arrived live before the conversation was known: it is not lost
        assertThat(seqs(streams.baseline(CONVERSATION, 5))).containsExactly(3L);
        assertThat(streams.delivered(CONVERSATION)).isEqualTo(3);
    }

    @Test
    void aSecondBaselineChangesNothing() {
        streams.baseline(CONVERSATION, 2);

        assertThat(streams.baseline(CONVERSATION, 7)).isEmpty();
        assertThat(streams.delivered(CONVERSATION)).isEqualTo(2);
    }

    @Test
    void ownAcksAdvanceTheStreamWithoutReachingTheListener() {
        streams.baseline(CONVERSATION, 0);

        List<ConversationStreams.Ready> ack = streams.accept(message(1), false);
        List<ConversationStreams.Ready> next = streams.accept(message(2), true);

        assertThat(ack)
                .singleElement()
                .satisfies(ready -> assertThat(ready.toListener()).isFalse());
        assertThat(next)
                .singleElement()
                .satisfies(ready -> assertThat(ready.toListener()).isTrue());
        assertThat(streams.delivered(CONVERSATION)).isEqualTo(2);
    }

    @Test
    void anOwnAckHeldBehindAGapStaysOwnWhenTheSyncAnswerBringsIt() {
        streams.baseline(CONVERSATION, 0);
        Message own = message(2);
        streams.accept(own, false); // acked, but 1 (from the peer) has not arrived

        List<ConversationStreams.Ready> ready = streams.synced(CONVERSATION, List.of(message(1), own), false);

        assertThat(seqs(ready)).containsExactly(1L, 2L);
        assertThat(ready.get(0).toListener()).isTrue();
        assertThat(ready.get(1).toListener()).isFalse();
    }

    @Test
    void conversationsAreOrderedIndependently() {
        streams.baseline(CONVERSATION, 0);
        streams.baseline("g:group", 10);

        assertThat(seqs(streams.accept(message("g:group", 11), true))).containsExactly(11L);
        assertThat(seqs(streams.accept(message(1), true))).containsExactly(1L);
        assertThat(streams.delivered("g:group")).isEqualTo(11);
        assertThat(streams.delivered(CONVERSATION)).isEqualTo(1);
    }

    private static List<Long> seqs(List<ConversationStreams.Ready> ready) {
        return ready.stream().map(next -> next.message().seq()).toList();
    }

    private static Message message(long seq) {
        return message(CONVERSATION, seq);
    }

    private static Message message(String conversationId, long seq) {
        ConversationType type = conversationId.startsWith("g:") ? ConversationType.GROUP : ConversationType.PRIVATE;
        return TestMessages.plain(
                ClientMsgIds.next(),
                conversationId,
                type,
                "a",
                type == ConversationType.PRIVATE ? "b" : null,
                type == ConversationType.GROUP ? conversationId.substring(2) : null,
                seq,
                ClientMsgIds.next(),
                "TEXT",
                "message " + seq,
                Instant.EPOCH,
                false);
    }
}
