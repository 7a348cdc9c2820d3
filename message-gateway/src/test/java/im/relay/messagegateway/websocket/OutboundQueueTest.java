package im.relay.messagegateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A socket's outbound queue holds exactly its bound, at the smallest bound configuration allows too. */
class OutboundQueueTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 64, 1024})
    void holdsItsBoundAndRefusesTheNextFrameUntilOneLeaves(int bound) {
        Queue<Integer> queue = WebSocketConnection.outboundQueue(bound);

        for (int i = 0; i < bound; i++) {
            assertThat(queue.offer(i)).as("frame %d of %d", i, bound).isTrue();
        }
        assertThat(queue.offer(bound)).as("one past the bound").isFalse();
        assertThat(queue.size()).isEqualTo(bound);

        assertThat(queue.poll()).isZero();
        assertThat(queue.offer(bound)).isTrue();
    }

    @Test
    void keepsOrderAcrossItsChunks() {
        Queue<Integer> queue = WebSocketConnection.outboundQueue(1024);
        for (int i = 0; i < 100; i++) {
            queue.offer(i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(queue.poll()).isEqualTo(i);
        }
        assertThat(queue.poll()).isNull();
    }
}
