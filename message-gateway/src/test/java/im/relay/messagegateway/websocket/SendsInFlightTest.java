package im.relay.messagegateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SendsInFlightTest {

    private final SendsInFlight sends = new SendsInFlight();
    private final AtomicInteger ran = new AtomicInteger();

    @Test
    void runsAtOnceWhenNothingIsInFlight() {
        sends.whenAllAnswered(ran::incrementAndGet);

        assertThat(ran).hasValue(1);
    }

    @Test
    void waitsForTheLastAnswerAndRunsOnce() {
        sends.started();
        sends.started();
        sends.whenAllAnswered(ran::incrementAndGet);
        sends.answered();
        assertThat(ran).hasValue(0);

        sends.answered();
        sends.started();
        sends.answered();

        assertThat(ran).hasValue(1);
    }
}
