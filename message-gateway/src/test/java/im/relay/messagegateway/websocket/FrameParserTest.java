package im.relay.messagegateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.error.ErrorCode;
import im.relay.messagegateway.chat.ContentType;
import im.relay.messagegateway.chat.ConversationType;
import im.relay.messagegateway.chat.MessageReferences;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameParserTest {

    private static final int MAX_TEXT = 8000;

    @Test
    void readsASendFrame() {
        InboundFrame frame = FrameParser.parse("""
                {"type":"send","id":"c-1","conversationType":"GROUP","to":"g1","contentType":"IMAGE",
                 "content":"https://files/x.png"}""", MAX_TEXT);

        assertThat(frame)
                .isEqualTo(new InboundFrame.Send(
                        "c-1",
                        ConversationType.GROUP,
                        "g1",
                        ContentType.IMAGE,
                        "https://files/x.png",
                        MessageReferences.NONE));
    }

    @Test
    void readsTheQuotedMessageAndTheMentionsOfASend() {
        InboundFrame frame = FrameParser.parse("""
                {"type":"send","id":"c-2","conversationType":"GROUP","to":"g1","contentType":"TEXT",
                 "content":"see above","replyTo":"m-1","mentions":["u-1","@all"]}""", MAX_TEXT);

        assertThat(frame)
                .isInstanceOfSatisfying(
                        InboundFrame.Send.class,
                        send -> assertThat(send.references())
                                .isEqualTo(new MessageReferences("m-1", List.of("u-1", "@all"))));
    }

    @Test
    void readsASyncFrameWithDefaults() {
        InboundFrame frame = FrameParser.parse("{\"type\":\"sync\",\"conversationId\":\"p:a:b\"}", MAX_TEXT);

        assertThat(frame).isInstanceOfSatisfying(InboundFrame.Sync.class, sync -> {
            assertThat(sync.id()).isNull();
            assertThat(sync.conversationId().toString()).isEqualTo("p:a:b");
            assertThat(sync.afterSeq()).isZero();
            assertThat(sync.limit()).isNull();
        });
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json | | MALFORMED_FRAME",
                "\"a string\" | | MALFORMED_FRAME",
                "{\"id\":\"x\"} | x | MALFORMED_FRAME",
                "{\"type\":7} | | MALFORMED_FRAME",
                "{\"type\":\"ping\",\"id\":5} | | MALFORMED_FRAME",
                "{\"type\":\"wave\",\"id\":\"w\"} | w | UNKNOWN_TYPE",
                "{\"type\":\"send\",\"conversationType\":\"PRIVATE\",\"to\":\"b\",\"contentType\":\"TEXT\",\"content\":\"hi\"} | | MALFORMED_FRAME",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"PRIVATE\",\"to\":\"b\",\"contentType\":\"TEXT\"} | s | MALFORMED_FRAME",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"CHANNEL\",\"to\":\"b\",\"contentType\":\"TEXT\",\"content\":\"hi\"} | s | VALIDATION_FAILED",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"PRIVATE\",\"to\":\"b\",\"contentType\":\"SYSTEM\",\"content\":\"hi\"} | s | VALIDATION_FAILED",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"PRIVATE\",\"to\":\"b\",\"contentType\":\"TEXT\",\"content\":\"  \"} | s | VALIDATION_FAILED",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"PRIVATE\",\"to\":\"\",\"contentType\":\"TEXT\",\"content\":\"hi\"} | s | VALIDATION_FAILED",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"GROUP\",\"to\":\"b\",\"contentType\":\"TEXT\",\"content\":\"hi\",\"replyTo\":5} | s | MALFORMED_FRAME",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"GROUP\",\"to\":\"b\",\"contentType\":\"TEXT\",\"content\":\"hi\",\"mentions\":\"u\"} | s | MALFORMED_FRAME",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"GROUP\",\"to\":\"b\",\"contentType\":\"TEXT\",\"content\":\"hi\",\"mentions\":[1]} | s | MALFORMED_FRAME",
                "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"GROUP\",\"to\":\"b\",\"contentType\":\"TEXT\",\"content\":\"hi\",\"mentions\":[\" \"]} | s | VALIDATION_FAILED",
                "{\"type\":\"read\",\"conversationId\":\"p:a:b\"} | | MALFORMED_FRAME",
                "{\"type\":\"read\",\"conversationId\":\"p:a:b\",\"seq\":\"5\"} | | MALFORMED_FRAME",
                "{\"type\":\"read\",\"conversationId\":\"p:a:b\",\"seq\":-1} | | VALIDATION_FAILED",
                "{\"type\":\"read\",\"conversationId\":\"p:b:a\",\"seq\":1} | | VALIDATION_FAILED",
                "{\"type\":\"typing\",\"conversationId\":\"x:1\"} | | VALIDATION_FAILED",
                "{\"type\":\"sync\",\"id\":\"q\",\"conversationId\":\"g:1\",\"limit\":0} | q | VALIDATION_FAILED",
                "{\"type\":\"sync\",\"id\":\"q\",\"conversationId\":\"g:1\",\"afterSeq\":1.5} | q | MALFORMED_FRAME",
                "{\"type\":\"recall\",\"id\":\"r\"} | r | MALFORMED_FRAME",
                "{\"type\":\"edit\",\"id\":\"e\",\"content\":\"x\"} | e | MALFORMED_FRAME",
                "{\"type\":\"edit\",\"id\":\"e\",\"messageId\":\"m\"} | e | MALFORMED_FRAME",
                "{\"type\":\"edit\",\"id\":\"e\",\"messageId\":\"m\",\"content\":\" \"} | e | VALIDATION_FAILED",
                "{\"type\":\"edit\",\"id\":\"e\",\"messageId\":\"m\",\"content\":\"a\\u0000\"} | e | VALIDATION_FAILED",
                "{\"type\":\"react\",\"id\":\"x\",\"messageId\":\"m\"} | x | MALFORMED_FRAME",
                "{\"type\":\"react\",\"id\":\"x\",\"messageId\":\"m\",\"emoji\":\"\"} | x | VALIDATION_FAILED",
                "{\"type\":\"react\",\"id\":\"x\",\"messageId\":\"m\",\"emoji\":\"+\",\"add\":\"yes\"} | x | MALFORMED_FRAME",
            })
    void refusesBadFramesWithTheirCodeAndId(String text, String id, ErrorCode code) {
        InboundFrame frame = FrameParser.parse(text, MAX_TEXT);

        assertThat(frame).isInstanceOfSatisfying(InboundFrame.Invalid.class, invalid -> {
            assertThat(invalid.code()).isEqualTo(code);
            assertThat(invalid.id()).isEqualTo(id);
        });
    }

    @Test
    void parsesEditAndReactFrames() {
        assertThat(FrameParser.parse(
                        "{\"type\":\"edit\",\"id\":\"e1\",\"messageId\":\"m1\",\"content\":\"fixed\\nnow\"}", MAX_TEXT))
                .isEqualTo(new InboundFrame.Edit("e1", "m1", "fixed\nnow"));
        assertThat(FrameParser.parse(
                        "{\"type\":\"react\",\"id\":\"r1\",\"messageId\":\"m1\",\"emoji\":\"\uD83D\uDC4D\"}", MAX_TEXT))
                .as("add defaults to true")
                .isEqualTo(new InboundFrame.React("r1", "m1", "\uD83D\uDC4D", true));
        assertThat(FrameParser.parse(
                        "{\"type\":\"react\",\"messageId\":\"m1\",\"emoji\":\"\uD83D\uDC4D\",\"add\":false}", MAX_TEXT))
                .isEqualTo(new InboundFrame.React(null, "m1", "\uD83D\uDC4D", false));
    }

    @Test
    void countsTextInCodePointsNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        String fits = send(emoji.repeat(4));
        String tooLong = send(emoji.repeat(5));

        assertThat(FrameParser.parse(fits, 4)).isInstanceOf(InboundFrame.Send.class);
        assertThat(FrameParser.parse(tooLong, 4)).isInstanceOf(InboundFrame.Invalid.class);
    }

    private static String send(String content) {
        return "{\"type\":\"send\",\"id\":\"s\",\"conversationType\":\"PRIVATE\",\"to\":\"b\",\"contentType\":\"TEXT\","
                + "\"content\":\"" + content + "\"}";
    }
}
