package im.relay.sdk;

import static im.relay.sdk.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapFillerTest {

    private static final String CHAT = "p:a:b";

    private final List<ClientFrame> written = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Message> delivered = new ArrayList<>();
    private int fetches;
    private boolean connected = true;
    private final GapFiller gaps = new GapFiller(
            written::add,
            (task, delay) -> {
                assertThat(delay).isEqualTo(GapFiller.GAP_GRACE);
                scheduled.add(task);
            },
            () -> connected,
            () -> fetches++,
            delivered::add);

    @Test
    void messagesInOrderPassStraightThroughAndNothingIsSynced() {
        gaps.start(List.of(conversation(CHAT, 2, 2)));

        gaps.live(message(CHAT, 3));
        gaps.live(message(CHAT, 4));

        assertThat(seqs()).containsExactly(3L, 4L);
        assertThat(scheduled).isEmpty();
        assertThat(written).isEmpty();
    }

    @Test
    void aGapStillThereAMomentLaterIsSyncedForJustTheMissingMessages() {
        gaps.start(List.of(conversation(CHAT, 2, 2)));
        gaps.live(message(CHAT, 6));
        assertThat(delivered).isEmpty(); // held behind 3, 4, 5

        runScheduled();

        assertThat(written).containsExactly(new ClientFrame.Sync("sync-1", CHAT, 2, 3));
        gaps.synced(
                new ServerFrame.Synced(
                        "sync-1", CHAT, List.of(message(CHAT, 3), message(CHAT, 4), message(CHAT, 5)), true),
                m -> false);
        assertThat(seqs()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(gaps.filled()).isEqualTo(3);
        assertThat(written).hasSize(1); // hasMore after a gap-only sync: the rest is coming live
    }

    @Test
    void aGapFilledWithinTheGraceIsNotSynced() {
        gaps.start(List.of(conversation(CHAT, 0, 0)));
        gaps.live(message(CHAT, 2));
        gaps.live(message(CHAT, 1));

        runScheduled();

        assertThat(seqs()).containsExactly(1L, 2L);
        assertThat(written).isEmpty();
    }

    @Test
    void noGapIsSyncedWhileDisconnected() {
        gaps.start(List.of(conversation(CHAT, 0, 0)));
        gaps.live(message(CHAT, 2));
        connected = false;

        runScheduled();

        assertThat(written).isEmpty();
    }

    @Test
    void afterAReconnectEveryConversationThatMovedIsSyncedPageByPage() {
        gaps.start(List.of(conversation(CHAT, 2, 2), conversation("g:1", 5, 5)));

        gaps.reconnected();
        assertThat(fetches).isEqualTo(1);
        gaps.caughtUp(List.of(conversation(CHAT, 400, 2), conversation("g:1", 5, 5)));

        assertThat(written).containsExactly(new ClientFrame.Sync("sync-1", CHAT, 2, 200));
        gaps.synced(new ServerFrame.Synced("sync-1", CHAT, range(3, 202), true), m -> false);
        assertThat(written).last().isEqualTo(new ClientFrame.Sync("sync-2", CHAT, 202, 200));
        assertThat(delivered).hasSize(200);
    }

    @Test
    void aSyncIsAskedOnceAtATimePerConversationAndAgainAfterItWasRefusedOrTheSocketWentAway() {
        gaps.start(List.of(conversation(CHAT, 2, 2)));
        gaps.reconnected();
        gaps.caughtUp(List.of(conversation(CHAT, 9, 2)));
        gaps.reconnected();
        gaps.caughtUp(List.of(conversation(CHAT, 9, 2)));
        assertThat(written).hasSize(1);

        assertThat(gaps.refused("sync-1")).isTrue();
        assertThat(gaps.refused("c-1")).isFalse();
        gaps.reconnected();
        gaps.caughtUp(List.of(conversation(CHAT, 9, 2)));
        gaps.disconnected();
        gaps.reconnected();
        gaps.caughtUp(List.of(conversation(CHAT, 9, 2)));

        assertThat(written)
                .extracting(frame -> ((ClientFrame.Sync) frame).id())
                .containsExactly("sync-1", "sync-2", "sync-3");
    }

    @Test
    void aSyncedMessageThatSettlesOnesOwnSendIsNotPassedOn() {
        gaps.start(List.of(conversation(CHAT, 0, 0)));
        gaps.reconnected();
        gaps.caughtUp(List.of(conversation(CHAT, 2, 0)));
        Message mine = message(CHAT, 2, "me", "c-mine");

        gaps.synced(new ServerFrame.Synced("sync-1", CHAT, List.of(message(CHAT, 1), mine), false), m -> m == mine);

        assertThat(seqs()).containsExactly(1L);
    }

    @Test
    void oneOwnAckedSendTakesItsSeqWithoutReachingTheListener() {
        gaps.start(List.of(conversation(CHAT, 0, 0)));

        gaps.ownSend(message(CHAT, 1, "me", "c1"));
        gaps.live(message(CHAT, 2));

        assertThat(seqs()).containsExactly(2L);
    }

    @Test
    void aConversationFirstSeenLaterStartsAtItsReadCursor() {
        gaps.start(List.of());
        gaps.live(message("g:new", 5));
        assertThat(fetches).isEqualTo(1);

        gaps.caughtUp(List.of(conversation("g:new", 5, 4)));

        assertThat(seqs()).containsExactly(5L);
        assertThat(written).isEmpty(); // not a reconnect: the rest arrives live
    }

    @Test
    void aFailedCatchUpIsTriedAgainAtTheNextTickAndOnlyOneRunsAtATime() {
        gaps.start(List.of());
        gaps.reconnected();
        gaps.live(message("g:new", 1)); // asks again while the first runs: queued
        assertThat(fetches).isEqualTo(1);

        gaps.caughtUp(null);
        assertThat(fetches).isEqualTo(1);
        gaps.tick();
        assertThat(fetches).isEqualTo(2);
        gaps.catchUpDropped();
        gaps.tick();
        assertThat(fetches).isEqualTo(2);
    }

    private void runScheduled() {
        List<Runnable> due = new ArrayList<>(scheduled);
        scheduled.clear();
        due.forEach(Runnable::run);
    }

    private List<Long> seqs() {
        return delivered.stream().map(Message::seq).toList();
    }

    private static List<Message> range(long from, long to) {
        List<Message> messages = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            messages.add(message(CHAT, seq));
        }
        return messages;
    }

    private static Conversation conversation(String id, long maxSeq, long readSeq) {
        ConversationType type = id.startsWith("g:") ? ConversationType.GROUP : ConversationType.PRIVATE;
        return new Conversation(id, type, null, null, id, null, maxSeq, readSeq, maxSeq - readSeq);
    }
}
