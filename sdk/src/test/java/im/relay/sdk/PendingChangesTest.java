package im.relay.sdk;

import static im.relay.sdk.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingChangesTest {

    private final PendingChanges recalls = new PendingChanges();

    @Test
    void eachRecallGetsARequestIdOfItsOwnAndItsAnswer() {
        CompletableFuture<Message> first = new CompletableFuture<>();
        CompletableFuture<Message> second = new CompletableFuture<>();
        ClientFrame.Recall one = recalls.add("m1", first);
        ClientFrame.Recall two = recalls.add("m2", second);
        Message recalled = message("g:1", 1);

        assertThat(one.id()).isNotEqualTo(two.id());
        assertThat(one.messageId()).isEqualTo("m1");
        assertThat(recalls.acked(two.id(), recalled)).isTrue();
        assertThat(recalls.refused(one.id(), "FORBIDDEN", "not yours")).isTrue();

        assertThat(second).isCompletedWithValue(recalled);
        assertThat(first)
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo("FORBIDDEN"));
        assertThat(recalls.acked(two.id(), recalled)).isFalse();
        assertThat(recalls.acked(null, recalled)).isFalse();
    }

    @Test
    void failAllFailsTheWaitingOnes() {
        CompletableFuture<Message> waiting = new CompletableFuture<>();
        recalls.add("m1", waiting);

        recalls.failAll(new RelayException(0, "CLOSED", "closed"));

        assertThat(waiting).isCompletedExceptionally();
    }
}
