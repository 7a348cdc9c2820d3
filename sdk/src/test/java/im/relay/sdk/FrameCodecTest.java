package im.relay.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FrameCodecTest {

    private static final String MESSAGE = """
            {"messageId":"m1","conversationId":"p:a:b","type":"PRIVATE","senderId":"a","receiverId":"b",
             "seq":7,"clientMsgId":"c1","contentType":"TEXT","content":"hi","sentAt":"2026-01-02T03:04:05Z",
             "recalled":false,"newerField":1}""";

    @Test
    void clientFramesAreWrittenAsApiMdDescribesThem() {
        assertThat(json(new ClientFrame.Send("c1", ConversationType.GROUP, "g1", "TEXT", "hi")))
                .isEqualTo(Http.JSON.readTree("""
                        {"type":"send","id":"c1","conversationType":"GROUP","to":"g1","contentType":"TEXT",
                         "content":"hi"}"""));
        assertThat(json(new ClientFrame.Sync("sync-1", "p:a:b", 5, 200)))
                .isEqualTo(
                        Http.JSON.readTree(
                                "{\"type\":\"sync\",\"id\":\"sync-1\",\"conversationId\":\"p:a:b\",\"afterSeq\":5,\"limit\":200}"));
        assertThat(json(new ClientFrame.Read("p:a:b", 3)))
                .isEqualTo(Http.JSON.readTree("{\"type\":\"read\",\"conversationId\":\"p:a:b\",\"seq\":3}"));
        assertThat(json(new ClientFrame.Typing("g:1")))
                .isEqualTo(Http.JSON.readTree("{\"type\":\"typing\",\"conversationId\":\"g:1\"}"));
        assertThat(json(new ClientFrame.Recall("recall-1", "m1")))
                .isEqualTo(Http.JSON.readTree("{\"type\":\"recall\",\"id\":\"recall-1\",\"messageId\":\"m1\"}"));
        assertThat(json(new ClientFrame.Edit("edit-1", "m1", "fixed")))
                .isEqualTo(Http.JSON.readTree(
                        "{\"type\":\"edit\",\"id\":\"edit-1\",\"messageId\":\"m1\",\"content\":\"fixed\"}"));
        assertThat(json(new ClientFrame.React("react-1", "m1", "\uD83D\uDC4D", false)))
                .isEqualTo(Http.JSON.readTree("{\"type\":\"react\",\"id\":\"react-1\",\"messageId\":\"m1\","
                        + "\"emoji\":\"\uD83D\uDC4D\",\"add\":false}"));
        assertThat(json(new ClientFrame.Ping("ping-1")))
                .isEqualTo(Http.JSON.readTree("{\"type\":\"ping\",\"id\":\"ping-1\"}"));
    }

    @Test
    void editedAndReactionFramesCarryTheMessagesCurrentState() {
        ServerFrame.Edited edited = (ServerFrame.Edited) decode("{\"type\":\"edited\",\"conversationId\":\"p:a:b\","
                + "\"messageId\":\"m1\",\"seq\":7,\"editVersion\":2,\"message\":{\"messageId\":\"m1\",\"seq\":7,"
                + "\"content\":\"fixed\",\"editVersion\":2,\"editedAt\":\"2026-01-02T03:05:00.000Z\","
                + "\"reactions\":[{\"emoji\":\"\uD83D\uDC4D\",\"userIds\":[\"b\"]}]}}");
        assertThat(edited.seq()).isEqualTo(7);
        assertThat(edited.message().content()).isEqualTo("fixed");
        assertThat(edited.message().editedAt()).isEqualTo(Instant.parse("2026-01-02T03:05:00Z"));
        assertThat(edited.message().reactions()).containsExactly(new Message.Reaction("\uD83D\uDC4D", List.of("b")));
        assertThat(decode("{\"type\":\"reaction\",\"conversationId\":\"p:a:b\",\"messageId\":\"m1\",\"seq\":7,"
                        + "\"userId\":\"b\",\"emoji\":\"\uD83D\uDC4D\",\"added\":false,\"reactions\":[]}"))
                .isEqualTo(new ServerFrame.ReactionChanged("p:a:b", "m1", 7, "b", "\uD83D\uDC4D", false, List.of()));
    }

    @Test
    void aSendCarriesItsQuoteAndMentionsAndAMessageReadsThemBack() {
        assertThat(json(new ClientFrame.Send(
                        "c2", ConversationType.GROUP, "g1", "TEXT", "yes", "m1", List.of("u1", References.ALL))))
                .isEqualTo(Http.JSON.readTree("""
                        {"type":"send","id":"c2","conversationType":"GROUP","to":"g1","contentType":"TEXT",
                         "content":"yes","replyTo":"m1","mentions":["u1","@all"]}"""));
        ServerFrame.Delivered delivered = (ServerFrame.Delivered) decode("""
                {"type":"message","message":{"messageId":"m2","conversationId":"g:g1","type":"GROUP","senderId":"a",
                 "groupId":"g1","seq":8,"clientMsgId":"c2","contentType":"TEXT","content":"yes",
                 "sentAt":"2026-01-02T03:04:05Z","recalled":false,"mentions":["@all"],
                 "replyTo":{"messageId":"m1","senderId":"b","contentType":"IMAGE","snippet":"IMAGE","recalled":false}}}""");
        Message message = delivered.message();
        assertThat(message.replyTo()).isEqualTo(new Message.ReplyTo("m1", "b", "IMAGE", "IMAGE", false));
        assertThat(message.mentions("anyone")).as("@all").isTrue();
    }

    @Test
    void messagesAndAcksCarryTheStoredMessage() {
        Message expected = TestMessages.plain(
                "m1",
                "p:a:b",
                ConversationType.PRIVATE,
                "a",
                "b",
                null,
                7,
                "c1",
                "TEXT",
                "hi",
                Instant.parse("2026-01-02T03:04:05Z"),
                false);

        assertThat(decode("{\"type\":\"message\",\"message\":" + MESSAGE + "}"))
                .isEqualTo(new ServerFrame.Delivered(expected));
        assertThat(decode("{\"type\":\"ack\",\"id\":\"c1\",\"message\":" + MESSAGE + "}"))
                .isEqualTo(new ServerFrame.Ack("c1", expected));
        ServerFrame.Synced synced = (ServerFrame.Synced) decode("{\"type\":\"sync\",\"id\":\"sync-1\","
                + "\"conversationId\":\"p:a:b\",\"messages\":[" + MESSAGE + "],\"hasMore\":true}");
        assertThat(synced.messages()).containsExactly(expected);
        assertThat(synced.hasMore()).isTrue();
    }

    @Test
    void theOtherServerFramesAreTyped() {
        assertThat(decode("{\"type\":\"error\",\"id\":\"c1\",\"code\":\"NOT_FRIENDS\",\"message\":\"no\"}"))
                .isEqualTo(new ServerFrame.Refused("c1", "NOT_FRIENDS", "no"));
        assertThat(decode("{\"type\":\"recalled\",\"conversationId\":\"g:1\",\"messageId\":\"m1\",\"by\":\"a\"}"))
                .isEqualTo(new ServerFrame.Recalled("g:1", "m1", "a"));
        assertThat(decode("{\"type\":\"read\",\"conversationId\":\"g:1\",\"userId\":\"b\",\"seq\":4}"))
                .isEqualTo(new ServerFrame.ReadBy("g:1", "b", 4));
        assertThat(decode("{\"type\":\"typing\",\"conversationId\":\"g:1\",\"userId\":\"b\"}"))
                .isEqualTo(new ServerFrame.TypingBy("g:1", "b"));
        assertThat(decode("{\"type\":\"presence\",\"userId\":\"b\",\"online\":true}"))
                .isEqualTo(new ServerFrame.Presence("b", true));
        assertThat(decode("{\"type\":\"notification\",\"event\":\"FRIEND_ACCEPTED\",\"data\":{\"userId\":\"b\"}}"))
                .isEqualTo(new ServerFrame.Notification("FRIEND_ACCEPTED", Map.of("userId", "b")));
        assertThat(decode("{\"type\":\"kicked\",\"reason\":\"LOGGED_IN_ELSEWHERE\"}"))
                .isEqualTo(new ServerFrame.Kicked("LOGGED_IN_ELSEWHERE"));
    }

    @Test
    void missingFieldsTakeTheirDefaults() {
        assertThat(decode("{\"type\":\"error\"}")).isEqualTo(new ServerFrame.Refused(null, "ERROR", ""));
        assertThat(decode("{\"type\":\"kicked\"}")).isEqualTo(new ServerFrame.Kicked("LOGGED_IN_ELSEWHERE"));
        assertThat(decode("{\"type\":\"sync\",\"id\":\"sync-1\"}"))
                .isEqualTo(new ServerFrame.Synced("sync-1", null, List.of(), false));
        assertThat(decode("{\"type\":\"notification\",\"event\":\"GROUP_DISMISSED\"}"))
                .isEqualTo(new ServerFrame.Notification("GROUP_DISMISSED", Map.of()));
    }

    @Test
    void pongAndNewerTypesAreOtherAndNonFramesAreNothing() {
        assertThat(decode("{\"type\":\"pong\",\"id\":\"ping-1\"}")).isEqualTo(new ServerFrame.Other());
        assertThat(decode("{\"type\":\"from-the-future\",\"x\":1}")).isEqualTo(new ServerFrame.Other());
        assertThat(FrameCodec.decode("not json")).isEmpty();
        assertThat(FrameCodec.decode("{\"type\":\"presence\",\"online\":{\"not\":\"a boolean\"}}"))
                .isEmpty();
    }

    private static JsonNode json(ClientFrame frame) {
        return Http.JSON.readTree(FrameCodec.encode(frame));
    }

    private static ServerFrame decode(String text) {
        return FrameCodec.decode(text).orElseThrow();
    }
}
