package im.relay.messagegateway;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.messagegateway.support.FakeBackends;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Frames that call the message servers, as the connection's user; and typing, which calls nobody but the peers. */
class ChatFramesIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void acksASendWithTheStoredMessage() {
        String alice = user("alice");
        String bob = user("bob");
        try (WsClient client = cluster.connect(1, alice, session(), "WEB")) {
            client.send(send("m-1", "PRIVATE", bob, "hello bob"));

            JsonNode ack = client.await("ack", "id", "m-1");
            JsonNode message = ack.get("message");
            assertThat(message.get("conversationId").asString()).isEqualTo(privateConversation(alice, bob));
            assertThat(message.get("type").asString()).isEqualTo("PRIVATE");
            assertThat(message.get("senderId").asString()).isEqualTo(alice);
            assertThat(message.get("receiverId").asString()).isEqualTo(bob);
            assertThat(message.has("groupId")).isFalse();
            assertThat(message.get("seq").asLong()).isEqualTo(1);
            assertThat(message.get("clientMsgId").asString()).isEqualTo("m-1");
            assertThat(message.get("contentType").asString()).isEqualTo("TEXT");
            assertThat(message.get("content").asString()).isEqualTo("hello bob");
            assertThat(message.get("sentAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(message.get("recalled").asBoolean()).isFalse();
        }
    }

    @Test
    void answersARefusedSendWithTheServersErrorCode() {
        try (WsClient client = cluster.connect(2, user("carol"), session(), "WEB")) {
            client.send(send("m-2", "PRIVATE", "stranger-" + UUID.randomUUID(), "hi"));
            client.send(send("m-3", "GROUP", "group-nobody-" + UUID.randomUUID(), "hi"));

            JsonNode notFriends = client.await("error", "id", "m-2");
            assertThat(notFriends.get("code").asString()).isEqualTo("NOT_FRIENDS");
            assertThat(notFriends.get("message").asString()).isEqualTo("you are not friends");
            assertThat(client.await("error", "id", "m-3").get("code").asString())
                    .isEqualTo("NOT_GROUP_MEMBER");
        }
    }

    @Test
    void handlesOneConnectionsSendsInOrder() {
        String dave = user("dave");
        String erin = user("erin");
        try (WsClient client = cluster.connect(1, dave, session(), "DESKTOP")) {
            for (int i = 1; i <= 10; i++) {
                client.send(send("order-" + i, "PRIVATE", erin, "#" + i));
            }

            client.await("ack", "id", "order-10");
            assertThat(client.frames(f -> f.path("type").asString().equals("ack")))
                    .extracting(f -> f.get("id").asString() + "@"
                            + f.get("message").get("seq").asLong())
                    .containsExactly(
                            "order-1@1",
                            "order-2@2",
                            "order-3@3",
                            "order-4@4",
                            "order-5@5",
                            "order-6@6",
                            "order-7@7",
                            "order-8@8",
                            "order-9@9",
                            "order-10@10");
        }
    }

    @Test
    void sendsToAGroupAndSyncsItsMessages() {
        String frank = user("frank");
        String group = "group-" + UUID.randomUUID();
        cluster.backends().setGroupMembers(group, Set.of(frank, user("gina")));
        try (WsClient client = cluster.connect(2, frank, session(), "WEB")) {
            client.send(send("g-1", "GROUP", group, "one"));
            client.send(send("g-2", "GROUP", group, "two"));
            client.send(send("g-3", "GROUP", group, "three"));
            JsonNode ack = client.await("ack", "id", "g-3");
            assertThat(ack.get("message").get("groupId").asString()).isEqualTo(group);
            assertThat(ack.get("message").get("type").asString()).isEqualTo("GROUP");

            client.send("{\"type\":\"sync\",\"id\":\"sync-1\",\"conversationId\":\"g:" + group
                    + "\",\"afterSeq\":1,\"limit\":1}");

            JsonNode sync = client.await("sync", "id", "sync-1");
            assertThat(sync.get("conversationId").asString()).isEqualTo("g:" + group);
            assertThat(sync.get("messages")).hasSize(1);
            assertThat(sync.get("messages").get(0).get("content").asString()).isEqualTo("two");
            assertThat(sync.get("hasMore").asBoolean()).isTrue();
        }
    }

    @Test
    void movesTheReadCursorWithoutAReply() {
        String hank = user("hank");
        String ivy = user("ivy");
        String conversation = privateConversation(hank, ivy);
        try (WsClient client = cluster.connect(1, hank, session(), "WEB")) {
            client.send("{\"type\":\"read\",\"conversationId\":\"" + conversation + "\",\"seq\":7}");
            client.send("{\"type\":\"ping\",\"id\":\"after-read\"}");

            client.await("pong", "id", "after-read");
            assertThat(cluster.backends().reads()).contains(new FakeBackends.ReadCall(hank, conversation, 7));
            assertThat(client.frames()).hasSize(1);
        }
    }

    @Test
    void recallsAGroupMessageAfterThePrivateServerDoesNotKnowIt() {
        String jack = user("jack");
        String group = "group-" + UUID.randomUUID();
        cluster.backends().setGroupMembers(group, Set.of(jack));
        try (WsClient client = cluster.connect(2, jack, session(), "WEB")) {
            client.send(send("r-1", "GROUP", group, "oops"));
            String messageId = client.await("ack", "id", "r-1")
                    .get("message")
                    .get("messageId")
                    .asString();

            client.send("{\"type\":\"recall\",\"id\":\"recall-1\",\"messageId\":\"" + messageId + "\"}");
            client.send("{\"type\":\"recall\",\"id\":\"recall-2\",\"messageId\":\"no-such-message\"}");

            JsonNode recalled = client.await("ack", "id", "recall-1").get("message");
            assertThat(recalled.get("messageId").asString()).isEqualTo(messageId);
            assertThat(recalled.get("recalled").asBoolean()).isTrue();
            assertThat(recalled.get("content").asString()).isEmpty();
            assertThat(client.await("error", "id", "recall-2").get("code").asString())
                    .isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void editsAndReactsToAGroupMessageOverTheSocket() {
        String kim = user("kim");
        String lou = user("lou");
        String group = "group-" + UUID.randomUUID();
        cluster.backends().setGroupMembers(group, Set.of(kim, lou));
        try (WsClient author = cluster.connect(1, kim, session(), "WEB");
                WsClient member = cluster.connect(2, lou, session(), "WEB")) {
            author.send(send("ed-1", "GROUP", group, "helo"));
            String messageId = author.await("ack", "id", "ed-1")
                    .get("message")
                    .get("messageId")
                    .asString();

            author.send(
                    "{\"type\":\"edit\",\"id\":\"edit-1\",\"messageId\":\"" + messageId + "\",\"content\":\"hello\"}");
            JsonNode edited = author.await("ack", "id", "edit-1").get("message");
            assertThat(edited.get("content").asString()).isEqualTo("hello");
            assertThat(edited.get("editVersion").asInt()).isEqualTo(1);
            assertThat(edited.get("seq").asLong()).isEqualTo(1);
            assertThat(edited.get("editedAt").asString()).endsWith("Z");

            member.send("{\"type\":\"edit\",\"id\":\"edit-2\",\"messageId\":\"" + messageId
                    + "\",\"content\":\"mine now\"}");
            assertThat(member.await("error", "id", "edit-2").get("code").asString())
                    .isEqualTo("FORBIDDEN");

            member.send("{\"type\":\"react\",\"id\":\"react-1\",\"messageId\":\"" + messageId
                    + "\",\"emoji\":\"\uD83C\uDF89\"}");
            JsonNode reactions =
                    member.await("ack", "id", "react-1").get("message").get("reactions");
            assertThat(reactions.get(0).get("emoji").asString()).isEqualTo("\uD83C\uDF89");
            assertThat(reactions.get(0).get("userIds").get(0).asString()).isEqualTo(lou);

            member.send("{\"type\":\"react\",\"id\":\"react-2\",\"messageId\":\"no-such-message\","
                    + "\"emoji\":\"\uD83C\uDF89\"}");
            assertThat(member.await("error", "id", "react-2").get("code").asString())
                    .isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void tellsThePeerOnTheOtherNodeThatIAmTyping() {
        String kate = user("kate");
        String liam = user("liam");
        try (WsClient typist = cluster.connect(1, kate, session(), "WEB");
                WsClient peer = cluster.connect(2, liam, session(), "WEB")) {
            typist.send("{\"type\":\"typing\",\"conversationId\":\"" + privateConversation(kate, liam) + "\"}");

            JsonNode typing = peer.await("typing", "userId", kate);
            assertThat(typing.get("conversationId").asString()).isEqualTo(privateConversation(kate, liam));
        }
    }

    @Test
    void tellsTheOtherGroupMembersButNotMeThatIAmTyping() {
        String mia = user("mia");
        String noah = user("noah");
        String olive = user("olive");
        String group = "group-" + UUID.randomUUID();
        cluster.backends().setGroupMembers(group, Set.of(mia, noah, olive));
        try (WsClient typist = cluster.connect(1, mia, session(), "WEB");
                WsClient typistElsewhere = cluster.connect(2, mia, session(), "MOBILE");
                WsClient second = cluster.connect(2, noah, session(), "WEB");
                WsClient third = cluster.connect(1, olive, session(), "WEB")) {
            typist.send("{\"type\":\"typing\",\"conversationId\":\"g:" + group + "\"}");

            second.await("typing", "userId", mia);
            third.await("typing", "userId", mia);
            typistElsewhere.send("{\"type\":\"ping\",\"id\":\"late\"}").await("pong", "id", "late");
            assertThat(typist.frames(f -> f.path("type").asString().equals("typing")))
                    .isEmpty();
            assertThat(typistElsewhere.frames(f -> f.path("type").asString().equals("typing")))
                    .isEmpty();
        }
    }

    @Test
    void refusesTypingToAStrangerOrAGroupIAmNotIn() {
        String paul = user("paul");
        try (WsClient client = cluster.connect(1, paul, session(), "WEB")) {
            String stranger = "stranger-" + UUID.randomUUID();
            client.send("{\"type\":\"typing\",\"id\":\"t-1\",\"conversationId\":\""
                    + privateConversation(paul, stranger) + "\"}");
            client.send("{\"type\":\"typing\",\"id\":\"t-2\",\"conversationId\":\"g:no-group\"}");

            assertThat(client.await("error", "id", "t-1").get("code").asString())
                    .isEqualTo("NOT_FRIENDS");
            assertThat(client.await("error", "id", "t-2").get("code").asString())
                    .isEqualTo("NOT_GROUP_MEMBER");
        }
    }

    static String send(String clientMsgId, String conversationType, String to, String content) {
        return "{\"type\":\"send\",\"id\":\"" + clientMsgId + "\",\"conversationType\":\"" + conversationType
                + "\",\"to\":\"" + to + "\",\"contentType\":\"TEXT\",\"content\":\"" + content + "\"}";
    }

    static String privateConversation(String a, String b) {
        return a.compareTo(b) < 0 ? "p:" + a + ":" + b : "p:" + b + ":" + a;
    }

    static String user(String name) {
        return name + "-" + UUID.randomUUID();
    }

    static String session() {
        return "s-" + UUID.randomUUID();
    }
}
