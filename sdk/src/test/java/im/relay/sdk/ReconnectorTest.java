package im.relay.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectorTest {

    private static final ChatOptions OPTIONS = ChatOptions.defaults()
            .withHeartbeat(Duration.ofSeconds(20))
            .withBackoff(Duration.ofMillis(250), Duration.ofSeconds(2));
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theCeilingDoublesPerFailedAttemptUpToMaxBackoffAndStartsOverWhenConnected() {
        Reconnector atCeiling = new Reconnector(OPTIONS, ceiling -> ceiling);

        assertThat(delays(atCeiling, 6)).containsExactly(250L, 500L, 1000L, 2000L, 2000L, 2000L);
        atCeiling.connected(0);
        assertThat(delays(atCeiling, 2)).containsExactly(250L, 500L);
    }

    @Test
    void theWaitIsAFullJitterDrawBelowTheCeiling() {
        Reconnector random = new Reconnector(OPTIONS);

        for (int attempt = 0; attempt < 50; attempt++) {
            assertThat(random.nextDelay()).isBetween(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void closeCodesDecideWhenAndWhetherToRefreshFirst() {
        Reconnector reconnector = new Reconnector(OPTIONS);

        assertThat(reconnector.closed(4001)).isEqualTo(Reconnector.Next.KICKED);
        assertThat(reconnector.closed(1006)).isEqualTo(Reconnector.Next.LATER);
        assertThat(reconnector.takeRefreshFirst()).isFalse();
        assertThat(reconnector.closed(4003)).isEqualTo(Reconnector.Next.NOW); // expired
        assertThat(reconnector.takeRefreshFirst()).isTrue();
        assertThat(reconnector.takeRefreshFirst()).isFalse(); // once
        assertThat(reconnector.closed(4002)).isEqualTo(Reconnector.Next.LATER); // revoked: refresh, which then fails
        assertThat(reconnector.takeRefreshFirst()).isTrue();
    }

    @Test
    void aHandshakeRefusedWith401RefreshesTheTokenFirst() {
        Reconnector reconnector = new Reconnector(OPTIONS);

        reconnector.handshakeRefused(503);
        assertThat(reconnector.takeRefreshFirst()).isFalse();
        reconnector.handshakeRefused(401);
        assertThat(reconnector.takeRefreshFirst()).isTrue();
    }

    @Test
    void aSilentSocketIsPingedAfterOneHeartbeatAndGivenUpAfterTwo() {
        Reconnector reconnector = new Reconnector(OPTIONS);
        reconnector.connected(0);

        assertThat(reconnector.liveness(20 * SECOND)).isEqualTo(Reconnector.Liveness.ALIVE);
        assertThat(reconnector.liveness(21 * SECOND)).isEqualTo(Reconnector.Liveness.PING);
        assertThat(reconnector.liveness(41 * SECOND)).isEqualTo(Reconnector.Liveness.DEAD);
        reconnector.frameSeen(40 * SECOND);
        assertThat(reconnector.liveness(41 * SECOND)).isEqualTo(Reconnector.Liveness.ALIVE);
    }

    private static java.util.List<Long> delays(Reconnector reconnector, int attempts) {
        java.util.List<Long> delays = new java.util.ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            delays.add(reconnector.nextDelay().toMillis());
        }
        return delays;
    }
}
