package im.relay.messagegateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationIdTest {

    @Test
    void readsAPrivateConversationAndNamesThePeer() {
        ConversationId id = ConversationId.parse("p:alice:bob");

        assertThat(id.type()).isEqualTo(ConversationType.PRIVATE);
        assertThat(id.peerOf("alice")).contains("bob");
        assertThat(id.peerOf("bob")).contains("alice");
        assertThat(id.peerOf("carol")).isEmpty();
        assertThat(id).hasToString("p:alice:bob");
    }

    @Test
    void ordersTheUsersOfAPrivateConversationAsStrings() {
        assertThat(ConversationId.ofPrivate("bob", "alice")).hasToString("p:alice:bob");
    }

    @Test
    void readsAGroupConversation() {
        ConversationId id = ConversationId.parse("g:0190-abc");

        assertThat(id.type()).isEqualTo(ConversationType.GROUP);
        assertThat(id.groupId()).isEqualTo("0190-abc");
        assertThat(id.peerOf("anyone")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p:", "p:a", "p:b:a", "p:a:a", "p:a:b:c", "g:", "g:a:b", "x:a", "P:a:b", "p: :b"})
    void refusesAnythingElse(String value) {
        assertThat(ConversationId.tryParse(value)).isEmpty();
    }
}
