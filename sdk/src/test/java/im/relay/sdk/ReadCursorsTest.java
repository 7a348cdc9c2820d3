package im.relay.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadCursorsTest {

    private final ReadCursors cursors = new ReadCursors();

    @Test
    void movesBetweenTwoSendsMergeIntoTheHighestSeqPerConversation() {
        cursors.moved("p:a:b", 3);
        cursors.moved("g:1", 9);
        cursors.moved("p:a:b", 5);
        cursors.moved("p:a:b", 4); // a cursor only moves forward

        assertThat(cursors.drain()).containsExactly(new ClientFrame.Read("p:a:b", 5), new ClientFrame.Read("g:1", 9));
    }

    @Test
    void whatWasDrainedIsNotSentAgain() {
        cursors.moved("p:a:b", 3);
        cursors.drain();

        assertThat(cursors.drain()).isEmpty();
        cursors.moved("p:a:b", 2);
        assertThat(cursors.drain()).containsExactly(new ClientFrame.Read("p:a:b", 2));
    }
}
