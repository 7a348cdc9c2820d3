package im.relay.messagestore.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplyToTest {

    final UUID id = UUID.randomUUID();
    final UUID sender = UUID.randomUUID();

    @Test
    void quotesTheFirstHundredCodePointsOfAText() {
        String text = "\uD83D\uDE00".repeat(150);
        ReplyTo quote = ReplyTo.of(id, sender, ContentType.TEXT, text, false);
        assertThat(quote.snippet().codePointCount(0, quote.snippet().length())).isEqualTo(ReplyTo.SNIPPET_LENGTH);
        assertThat(ReplyTo.of(id, sender, ContentType.TEXT, "short", false).snippet())
                .isEqualTo("short");
    }

    @Test
    void quotesMediaByItsTypeAndARecalledMessageAsRecalled() {
        assertThat(ReplyTo.of(id, sender, ContentType.IMAGE, UUID.randomUUID().toString(), false)
                        .snippet())
                .isEqualTo("IMAGE");
        ReplyTo recalled = ReplyTo.of(id, sender, ContentType.TEXT, null, true);
        assertThat(recalled.recalled()).isTrue();
        assertThat(recalled.snippet()).isEmpty();
    }
}
