package im.relay.sdk;

import static im.relay.sdk.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PendingSendsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1);
    private final List<ClientFrame> written = new ArrayList<>();
    private final PendingSends sends = new PendingSends(Duration.ofSeconds(10), written::add, now::get);

    @Test
    void aSendGoesOutAtOnceWhenConnectedAndOnTheNextSocketOtherwise() {
        ClientFrame.Send first = send("c1");
        ClientFrame.Send second = send("c2");
        sends.add(first, new CompletableFuture<>(), true);
        sends.add(second, new CompletableFuture<>(), false);
        assertThat(written).containsExactly(first);

        sends.sendAll();

        assertThat(written).containsExactly(first, first, second);
        assertThat(sends.resends()).isEqualTo(1); // the first had gone out before
    }

    @Test
    void anUnacknowledgedSendIsResentWithTheSameIdWaitingTwiceAsLongEachTimeUpToEightAckTimeouts() {
        ClientFrame.Send frame = send("c1");
        sends.add(frame, new CompletableFuture<>(), true);
        List<Long> resentAt = new ArrayList<>();
        for (long second = 1; second <= 200; second++) {
            now.set(second * SECOND + 1);
            int before = written.size();
            sends.resendDue();
            if (written.size() > before) {
                resentAt.add(second);
            }
        }

        assertThat(resentAt).containsExactly(11L, 32L, 73L, 154L);
        assertThat(written).containsOnly(frame);
        assertThat(sends.resends()).isEqualTo(4);
    }

    @Test
    void theAckCompletesTheSendAndStopsItsResends() {
        CompletableFuture<Message> result = new CompletableFuture<>();
        sends.add(send("c1"), result, true);
        Message stored = message("p:a:b", 1, "me", "c1");

        assertThat(sends.acked("c1", stored)).isTrue();
        assertThat(result).isCompletedWithValue(stored);
        assertThat(sends.acked("c1", stored)).isFalse();
        now.addAndGet(60 * SECOND);
        sends.resendDue();
        assertThat(written).hasSize(1);
    }

    @Test
    void aSecondSendWithAPendingClientMsgIdIsNotSentAndSharesTheOutcome() {
        CompletableFuture<Message> first = new CompletableFuture<>();
        CompletableFuture<Message> again = new CompletableFuture<>();
        sends.add(send("c1"), first, true);
        sends.add(send("c1"), again, true);
        Message stored = message("p:a:b", 1, "me", "c1");

        sends.acked("c1", stored);

        assertThat(written).hasSize(1);
        assertThat(again).isCompletedWithValue(stored);
    }

    @Test
    void aRefusalFailsTheSendWithTheServersCode() {
        CompletableFuture<Message> result = new CompletableFuture<>();
        sends.add(send("c1"), result, true);

        assertThat(sends.refused("c1", "NOT_FRIENDS", "not friends")).isTrue();

        assertThat(result)
                .isCompletedExceptionally()
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.code()).isEqualTo("NOT_FRIENDS");
                    assertThat(e.status()).isZero();
                });
        assertThat(sends.refused("c1", "NOT_FRIENDS", "")).isFalse();
        assertThat(sends.refused(null, "MALFORMED_FRAME", "")).isFalse();
    }

    @Test
    void aSendRefusedAsUnavailableOrRateLimitedIsSentAgainASecondLater() {
        CompletableFuture<Message> result = new CompletableFuture<>();
        sends.add(send("c1"), result, true);

        assertThat(sends.refused("c1", "RATE_LIMITED", "slow down")).isTrue();
        now.addAndGet(SECOND / 2);
        sends.resendDue();
        assertThat(written).hasSize(1);
        now.addAndGet(SECOND);
        sends.resendDue();

        assertThat(written).hasSize(2);
        assertThat(result).isNotDone();
    }

    @Test
    void aStoredMessageFromASyncSettlesTheSendWhoseAckWasLost() {
        CompletableFuture<Message> result = new CompletableFuture<>();
        sends.add(send("c1"), result, true);
        Message stored = message("p:a:b", 4, "me", "c1");

        assertThat(sends.settledBySync(message("p:a:b", 3, "me", "c0"))).isFalse();
        assertThat(sends.settledBySync(stored)).isTrue();

        assertThat(result).isCompletedWithValue(stored);
    }

    @Test
    void failAllFailsEveryPendingSend() {
        CompletableFuture<Message> result = new CompletableFuture<>();
        sends.add(send("c1"), result, false);

        sends.failAll(new RelayException(0, "CLOSED", "closed"));

        assertThat(result).isCompletedExceptionally();
        sends.sendAll();
        assertThat(written).isEmpty();
    }

    private static ClientFrame.Send send(String clientMsgId) {
        return new ClientFrame.Send(clientMsgId, ConversationType.PRIVATE, "b", "TEXT", "hi");
    }
}
