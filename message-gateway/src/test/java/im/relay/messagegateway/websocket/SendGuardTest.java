package im.relay.messagegateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendGuardTest {

    private static final ConnectionLimits.Send LIMITS = new ConnectionLimits.Send(20, 50, 10, Duration.ofSeconds(10));
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsABurstThenTheRate() {
        SendGuard guard = new SendGuard();
        long start = 5 * SECOND;

        List<SendGuard.Verdict> burst = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            burst.add(guard.check(LIMITS, start));
        }

        assertThat(burst.subList(0, 50)).containsOnly(SendGuard.Verdict.ALLOWED);
        assertThat(burst.get(50)).isEqualTo(SendGuard.Verdict.REFUSED);
        assertThat(guard.check(LIMITS, start + SECOND / 20)).isEqualTo(SendGuard.Verdict.ALLOWED);
        assertThat(guard.check(LIMITS, start + SECOND / 20)).isEqualTo(SendGuard.Verdict.REFUSED);
    }

    @Test
    void disconnectsAfterTooManyRefusalsWithinTheWindow() {
        SendGuard guard = new SendGuard();
        for (int i = 0; i < 50; i++) {
            guard.check(LIMITS, 0);
        }

        List<SendGuard.Verdict> refusals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            refusals.add(guard.check(LIMITS, 0));
        }

        assertThat(refusals.subList(0, 9)).containsOnly(SendGuard.Verdict.REFUSED);
        assertThat(refusals.get(9)).isEqualTo(SendGuard.Verdict.DISCONNECT);
    }

    @Test
    void forgetsRefusalsOnceTheWindowHasPassed() {
        SendGuard guard = new SendGuard();
        for (int i = 0; i < 59; i++) {
            guard.check(LIMITS, 0); // 50 allowed, 9 refused
        }
        long later = 11 * SECOND; // the bucket is full again, the window over
        for (int i = 0; i < 50; i++) {
            guard.check(LIMITS, later);
        }

        assertThat(guard.check(LIMITS, later)).isEqualTo(SendGuard.Verdict.REFUSED);
    }
}
