package im.relay.common.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import org.junit.jupiter.api.Test;

class UserTextTest {

    @Test
    void plainTextRefusesEveryControlCharacterNamingTheField() {
        for (String control :
                new String[] {"\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f"}) {
            assertThatThrownBy(() -> UserText.plain("remark", "a" + control + "b"))
                    .isInstanceOfSatisfying(RelayException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                        assertThat(e.getMessage()).contains("remark");
                    });
        }
    }

    @Test
    void plainTextKeepsLettersOfEveryScriptEmojiAndSpaces() {
        String text = "Zoë 張 ☕ 👩‍💻 مرحبا  x";

        assertThat(UserText.plain("remark", text)).isEqualTo(text);
        assertThat(UserText.plain("remark", null)).isNull();
    }

    @Test
    void messageTextMayHoldTabsAndLineBreaksButNoOtherControlCharacter() {
        assertThat(UserText.message("content", "line 1\r\nline 2\tend")).isEqualTo("line 1\r\nline 2\tend");

        for (String control : new String[] {"\u0000", "\u0008", "\u000b", "\u000c", "\u001b", "\u007f", "\u0090"}) {
            assertThatThrownBy(() -> UserText.message("content", "hi" + control))
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void refusesUnpairedSurrogatesWhichNoUtf8TextCanHold() {
        assertThatThrownBy(() -> UserText.message("content", "broken \ud83d")).isInstanceOf(RelayException.class);
        assertThatThrownBy(() -> UserText.plain("name", "\udc00 broken")).isInstanceOf(RelayException.class);
    }

    @Test
    void displayNamesLoseBidiControlsAndZeroWidthCharacters() {
        String invisible = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u2060\ufeff";

        assertThat(UserText.displayName("nickname", "\u202eevil" + invisible + "doer\u202c"))
                .isEqualTo("evildoer");
        assertThat(UserText.displayName("nickname", invisible)).isEmpty();
        assertThat(UserText.displayName("nickname", "Zoë \u200eleft")).isEqualTo("Zoë \u200eleft");
        assertThat(UserText.displayName("nickname", null)).isNull();
    }

    @Test
    void displayNamesStillRefuseControlCharacters() {
        assertThatThrownBy(() -> UserText.displayName("name", "team\u0000"))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("name");
                });
        assertThatThrownBy(() -> UserText.displayName("name", "two\nlines")).isInstanceOf(RelayException.class);
    }
}
