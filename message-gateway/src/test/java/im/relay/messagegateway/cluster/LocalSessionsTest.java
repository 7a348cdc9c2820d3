package im.relay.messagegateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.identity.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LocalSessionsTest {

    private final LocalSessions sessions = new LocalSessions(new SimpleMeterRegistry());

    @Test
    void aNewerSocketOfASessionReplacesTheOlder() {
        Socket older = new Socket("u1", "s1", 1);
        Socket newer = new Socket("u1", "s1", 2);
        sessions.register(older);

        assertThat(sessions.register(newer)).containsSame(older);
        assertThat(sessions.session("s1")).containsSame(newer);
    }

    @Test
    void anOlderSocketThatRegistersLateIsTheOneReplaced() {
        Socket older = new Socket("u1", "s1", 1);
        Socket newer = new Socket("u1", "s1", 2);
        sessions.register(newer);

        assertThat(sessions.register(older)).containsSame(older);
        assertThat(sessions.session("s1")).containsSame(newer);
        assertThat(sessions.ofUser("u1")).containsExactly(newer);
    }

    @Test
    void unregisteringAReplacedSocketKeepsItsSuccessor() {
        Socket older = new Socket("u1", "s1", 1);
        Socket newer = new Socket("u1", "s1", 2);
        Socket phone = new Socket("u1", "s2", 3);
        sessions.register(older);
        sessions.register(newer);
        sessions.register(phone);

        sessions.unregister(older);

        assertThat(sessions.session("s1")).containsSame(newer);
        assertThat(sessions.ofUser("u1")).containsExactlyInAnyOrder(newer, phone);
        assertThat(sessions.size()).isEqualTo(2);
    }

    private record Socket(String user, String session, long sequence) implements Connection {

        @Override
        public String connectionId() {
            return session + "#" + sequence;
        }

        @Override
        public Caller caller() {
            return new Caller(user, session, "token");
        }

        @Override
        public String platform() {
            return "WEB";
        }

        @Override
        public String deviceId() {
            return "device";
        }

        @Override
        public boolean push(String frameJson) {
            return true;
        }

        @Override
        public void close(int code, String reason, String finalFrameJson) {}
    }
}
