package im.relay.messagegateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import im.relay.messagegateway.cluster.Push;
import im.relay.messagegateway.cluster.SessionRef;
import im.relay.messagegateway.cluster.Source;
import im.relay.proto.chat.v1.ContentType;
import im.relay.proto.chat.v1.ConversationType;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.Reaction;
import im.relay.proto.chat.v1.ReplyTo;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.events.v1.FriendPair;
import im.relay.proto.events.v1.GroupEvent;
import im.relay.proto.events.v1.MemberGone;
import im.relay.proto.events.v1.MemberMuted;
import im.relay.proto.events.v1.MessageEdited;
import im.relay.proto.events.v1.MessageEvent;
import im.relay.proto.events.v1.ReactionChanged;
import im.relay.proto.events.v1.SessionEvent;
import im.relay.proto.events.v1.SessionReplaced;
import im.relay.proto.events.v1.SessionRevoked;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventFrameMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Source.Event SOURCE = new Source.Event("relay.messages", 3, 17);

    @Test
    void aCreatedGroupMessageIsAMessageFrameForEveryMemberButTheSendingSession() {
        Message message = Message.newBuilder()
                .setMessageId("m1")
                .setConversationId("g:g1")
                .setType(ConversationType.CONVERSATION_TYPE_GROUP)
                .setSenderId("u1")
                .setGroupId("g1")
                .setSeq(42)
                .setClientMsgId("c1")
                .setContentType(ContentType.CONTENT_TYPE_FILE)
                .setContent("https://files/report.pdf")
                .setSentAt(Timestamp.newBuilder().setSeconds(1_800_000_000L).setNanos(5_000_000))
                .setReplyTo(ReplyTo.newBuilder()
                        .setMessageId("m0")
                        .setSenderId("u2")
                        .setContentType(ContentType.CONTENT_TYPE_IMAGE)
                        .setSnippet("IMAGE"))
                .addMentions("u2")
                .setMentionsAll(true)
                .build();

        EventFrameMapper.Effects effects = EventFrameMapper.message(
                MessageEvent.newBuilder()
                        .addRecipientIds("u1")
                        .addRecipientIds("u2")
                        .setOriginSessionId("s1")
                        .setCreated(message)
                        .build(),
                SOURCE);

        Push push = effects.pushes().getFirst();
        assertThat(push.userIds()).containsExactlyInAnyOrder("u1", "u2");
        assertThat(push.exceptSessionId()).isEqualTo("s1");
        assertThat(push.source()).isEqualTo(SOURCE);
        assertThat(push.sentAt()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L, 5_000_000));
        JsonNode frame = JSON.readTree(push.frameJson());
        assertThat(frame.get("type").asString()).isEqualTo("message");
        JsonNode json = frame.get("message");
        assertThat(json.propertyNames())
                .containsExactlyInAnyOrder(
                        "messageId",
                        "conversationId",
                        "type",
                        "senderId",
                        "groupId",
                        "seq",
                        "clientMsgId",
                        "contentType",
                        "content",
                        "sentAt",
                        "recalled",
                        "editVersion",
                        "reactions",
                        "replyTo",
                        "mentions");
        assertThat(json.get("replyTo").toString())
                .isEqualTo("{\"messageId\":\"m0\",\"senderId\":\"u2\",\"contentType\":\"IMAGE\","
                        + "\"snippet\":\"IMAGE\",\"recalled\":false}");
        assertThat(json.get("mentions").toString()).as("@all last").isEqualTo("[\"u2\",\"@all\"]");
        assertThat(json.get("type").asString()).isEqualTo("GROUP");
        assertThat(json.get("contentType").asString()).isEqualTo("FILE");
        assertThat(json.get("seq").asLong()).isEqualTo(42);
        assertThat(json.get("sentAt").asString()).isEqualTo("2027-01-15T08:00:00.005Z");
    }

    @Test
    void editsAndReactionsAreFramesWithTheMessagesSeqForEveryMemberButTheActingSession() {
        Message message = Message.newBuilder()
                .setMessageId("m1")
                .setConversationId("g:g1")
                .setType(ConversationType.CONVERSATION_TYPE_GROUP)
                .setSenderId("u1")
                .setGroupId("g1")
                .setSeq(7)
                .setClientMsgId("c1")
                .setContentType(ContentType.CONTENT_TYPE_TEXT)
                .setContent("fixed")
                .setSentAt(Timestamp.newBuilder().setSeconds(1_800_000_000L))
                .setEditedAt(Timestamp.newBuilder().setSeconds(1_800_000_060L))
                .setEditVersion(2)
                .addReactions(Reaction.newBuilder().setEmoji("\uD83D\uDC4D").addUserIds("u2"))
                .build();

        Push edited = EventFrameMapper.message(
                        MessageEvent.newBuilder()
                                .addRecipientIds("u1")
                                .addRecipientIds("u2")
                                .setOriginSessionId("s1")
                                .setEdited(MessageEdited.newBuilder()
                                        .setConversationId("g:g1")
                                        .setMessageId("m1")
                                        .setMessage(message))
                                .build(),
                        SOURCE)
                .pushes()
                .getFirst();
        assertThat(edited.userIds()).containsExactlyInAnyOrder("u1", "u2");
        assertThat(edited.exceptSessionId()).isEqualTo("s1");
        JsonNode frame = JSON.readTree(edited.frameJson());
        assertThat(frame.get("type").asString()).isEqualTo("edited");
        assertThat(frame.get("messageId").asString()).isEqualTo("m1");
        assertThat(frame.get("seq").asLong()).isEqualTo(7);
        assertThat(frame.get("editVersion").asInt()).isEqualTo(2);
        assertThat(frame.get("message").get("content").asString()).isEqualTo("fixed");
        assertThat(frame.get("message").get("editedAt").asString()).isEqualTo("2027-01-15T08:01:00.000Z");

        Push reaction = EventFrameMapper.message(
                        MessageEvent.newBuilder()
                                .addRecipientIds("u1")
                                .addRecipientIds("u2")
                                .setOriginSessionId("s2")
                                .setReaction(ReactionChanged.newBuilder()
                                        .setConversationId("g:g1")
                                        .setMessageId("m1")
                                        .setUserId("u2")
                                        .setEmoji("\uD83D\uDC4D")
                                        .setAdded(true)
                                        .setMessage(message))
                                .build(),
                        SOURCE)
                .pushes()
                .getFirst();
        assertThat(reaction.exceptSessionId()).isEqualTo("s2");
        frame = JSON.readTree(reaction.frameJson());
        assertThat(frame.get("type").asString()).isEqualTo("reaction");
        assertThat(frame.get("seq").asLong()).isEqualTo(7);
        assertThat(frame.get("userId").asString()).isEqualTo("u2");
        assertThat(frame.get("emoji").asString()).isEqualTo("\uD83D\uDC4D");
        assertThat(frame.get("added").asBoolean()).isTrue();
        assertThat(frame.get("reactions").get(0).get("userIds").get(0).asString())
                .isEqualTo("u2");
    }

    @Test
    void aRemovedMemberIsToldWithTheOthers() {
        EventFrameMapper.Effects effects = EventFrameMapper.group(
                GroupEvent.newBuilder()
                        .setGroupId("g1")
                        .addRecipientIds("u1")
                        .addRecipientIds("gone")
                        .setMemberRemoved(MemberGone.newBuilder().setUserId("gone"))
                        .build(),
                SOURCE);

        Push push = effects.pushes().getFirst();
        assertThat(push.userIds()).isEqualTo(Set.of("u1", "gone"));
        assertThat(push.exceptSessionId()).isNull();
        JsonNode frame = JSON.readTree(push.frameJson());
        assertThat(frame.get("event").asString()).isEqualTo("GROUP_MEMBER_REMOVED");
        assertThat(frame.get("data").get("groupId").asString()).isEqualTo("g1");
        assertThat(frame.get("data").get("userId").asString()).isEqualTo("gone");
    }

    @Test
    void mutesAndBlocksTellNobody() {
        assertThat(EventFrameMapper.group(
                                GroupEvent.newBuilder()
                                        .setGroupId("g1")
                                        .addRecipientIds("u1")
                                        .setMemberMuted(MemberMuted.newBuilder().setUserId("u1"))
                                        .build(),
                                SOURCE)
                        .pushes())
                .isEmpty();
        assertThat(EventFrameMapper.friend(
                                FriendEvent.newBuilder()
                                        .setBlocked(FriendPair.newBuilder()
                                                .setActorId("a")
                                                .setOtherId("b"))
                                        .build(),
                                SOURCE)
                        .pushes())
                .isEmpty();
    }

    @Test
    void aRevokedSessionIsASessionToClose() {
        EventFrameMapper.Effects effects = EventFrameMapper.session(SessionEvent.newBuilder()
                .setUserId("u1")
                .setSessionId("s1")
                .setRevoked(SessionRevoked.newBuilder().setReason("logout"))
                .build());

        assertThat(effects.pushes()).isEmpty();
        assertThat(effects.revoked()).containsExactly(new SessionRef("u1", "s1"));
    }

    @Test
    void aReplacedSessionIsASessionToKick() {
        EventFrameMapper.Effects effects = EventFrameMapper.session(SessionEvent.newBuilder()
                .setUserId("u1")
                .setSessionId("s1")
                .setReplaced(SessionReplaced.newBuilder().setBySessionId("s2"))
                .build());

        assertThat(effects.pushes()).isEmpty();
        assertThat(effects.revoked()).isEmpty();
        assertThat(effects.kicked()).containsExactly(new SessionRef("u1", "s1"));
    }
}
