package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.testing.ApiClient;
import im.relay.common.testing.WebhookReceiver;
import im.relay.messagegateway.support.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The messaging core end to end, over real sockets: clients on two message-gateway nodes, two instances of each
 * message server, the real identity, friend and group services, PostgreSQL, Redis and Kafka.
 */
class MessagingThroughGatewayIT extends MessagingTestBase {

    @Test
    void aMessageReachesThePeerOnTheOtherNodeAndTheSendersOtherDeviceButNotTheSendingSession() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        Account alicePhone = login(alice, "MOBILE");
        try (WsClient aliceWeb = connect(alice, 0, "WEB");
                WsClient alicesPhone = connect(alicePhone, 1, "MOBILE");
                WsClient bobWeb = connect(bob, 1, "WEB")) {
            JsonNode ack = send(aliceWeb, "PRIVATE", bob.id(), "hello-1", "hi bob");
            assertThat(type(ack)).as(ack.toString()).isEqualTo("ack");
            JsonNode message = ack.path("message");
            assertThat(message.path("seq").asLong()).isEqualTo(1);
            assertThat(message.path("senderId").asString()).isEqualTo(alice.id());
            assertThat(message.path("receiverId").asString()).isEqualTo(bob.id());
            assertThat(message.path("sentAt").asString()).matches(".*\\.\\d{3}Z");

            String conversation = privateConversation(alice, bob);
            JsonNode received = bobWeb.await("message", "type", "message");
            assertThat(received.path("message")).isEqualTo(message);
            await().untilAsserted(() ->
                    assertThat(messages(alicesPhone, conversation)).containsExactly(message));
            assertThat(messages(aliceWeb, conversation))
                    .as("the sending session gets the ack only")
                    .isEmpty();
        }
    }

    @Test
    void aWebSocketThroughTheApiGatewayTakesTheTokenFromTheQuery() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        try (WsClient aliceSocket = connectThroughGateway(alice, "WEB");
                WsClient bobSocket = connect(bob, 0, "WEB")) {
            assertThat(type(send(aliceSocket, "PRIVATE", bob.id(), "via-gateway", "through 8080")))
                    .isEqualTo("ack");
            assertThat(bobSocket
                            .await("message", "type", "message")
                            .path("message")
                            .path("content")
                            .asString())
                    .isEqualTo("through 8080");
        }
    }

    @Test
    void aGroupOfFiftyAcrossBothNodesGetsEachMessageOncePerSession() {
        Account owner = register("owner");
        List<Account> members = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            members.add(register("member" + i));
        }
        String group = createGroup(owner, members);
        List<WsClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < members.size(); i++) {
                sockets.add(connect(members.get(i), i % 2, "WEB"));
            }
            try (WsClient ownerSocket = connect(owner, 0, "WEB")) {
                List<String> sent = new ArrayList<>();
                for (int n = 0; n < 3; n++) {
                    JsonNode ack = send(ownerSocket, "GROUP", group, "g-" + n, "to all " + n);
                    assertThat(type(ack)).as(ack.toString()).isEqualTo("ack");
                    sent.add(ack.path("message").path("messageId").asString());
                }
                for (WsClient socket : sockets) {
                    await().untilAsserted(() -> assertThat(messages(socket, "g:" + group))
                            .extracting(m -> m.path("messageId").asString())
                            .containsExactlyElementsOf(sent));
                }
                assertThat(messages(ownerSocket, "g:" + group)).isEmpty();
            }
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    @Test
    void concurrentSendersInAGroupAndBothWaysInAPrivateChatSeeEverySeqOnceInOneOrder() throws Exception {
        Account owner = register("owner");
        List<Account> senders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            senders.add(register("sender" + i));
        }
        String group = createGroup(owner, senders);
        Account alice = senders.get(0);
        Account bob = senders.get(1);
        befriend(alice, bob);
        List<WsClient> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            WsClient ownerSocket = connect(owner, 1, "WEB");
            sockets.add(ownerSocket);
            for (int i = 0; i < senders.size(); i++) {
                sockets.add(connect(senders.get(i), i % 2, "WEB"));
            }
            WsClient alicePrivate = connect(login(alice, "DESKTOP"), 1, "DESKTOP");
            WsClient bobPrivate = connect(login(bob, "DESKTOP"), 0, "DESKTOP");
            sockets.add(alicePrivate);
            sockets.add(bobPrivate);
            // everyone is online before the first send: what an offline socket misses is sync's job, tested apart
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < senders.size(); i++) {
                WsClient socket = sockets.get(i + 1);
                String prefix = "s" + i + "-";
                runs.add(pool.submit(() -> sendAll(socket, "GROUP", group, prefix, 100)));
            }
            runs.add(pool.submit(() -> sendAll(alicePrivate, "PRIVATE", bob.id(), "a-", 200)));
            runs.add(pool.submit(() -> sendAll(bobPrivate, "PRIVATE", alice.id(), "b-", 200)));
            for (Future<?> run : runs) {
                run.get();
            }

            List<Long> groupSeqs = LongStream.rangeClosed(1, 500).boxed().toList();
            await().untilAsserted(() ->
                    assertThat(seqs(messages(ownerSocket, "g:" + group))).containsExactlyElementsOf(groupSeqs));
            List<JsonNode> ownersView = messages(ownerSocket, "g:" + group);
            for (WsClient socket : sockets.subList(1, 6)) {
                // each sender's own session got acks for its 100, and the other 400 as message frames, in seq order
                await().untilAsserted(
                                () -> assertThat(messages(socket, "g:" + group)).hasSize(400));
                assertThat(messages(socket, "g:" + group)).isSubsetOf(ownersView);
                assertThat(seqs(messages(socket, "g:" + group))).isSorted().doesNotHaveDuplicates();
            }
            String privateChat = privateConversation(alice, bob);
            List<Long> privateSeqs = LongStream.rangeClosed(1, 400).boxed().toList();
            List<JsonNode> aliceAll = syncAll(alicePrivate, privateChat);
            assertThat(seqs(aliceAll)).containsExactlyElementsOf(privateSeqs);
            assertThat(syncAll(bobPrivate, privateChat)).isEqualTo(aliceAll);
        } finally {
            pool.shutdownNow();
            sockets.forEach(WsClient::close);
        }
    }

    private static void sendAll(WsClient socket, String type, String to, String prefix, int count) {
        for (int n = 0; n < count; n++) {
            JsonNode reply = send(socket, type, to, prefix + n, prefix + n);
            assertThat(type(reply)).as(reply.toString()).isEqualTo("ack");
        }
    }

    @Test
    void aRetryWithTheSameClientMsgIdAnswersTheOriginalAndIsDeliveredOnce() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        try (WsClient aliceSocket = connect(alice, 0, "WEB");
                WsClient alicePhone = connect(login(alice, "MOBILE"), 1, "MOBILE");
                WsClient bobSocket = connect(bob, 1, "WEB")) {
            JsonNode first = send(aliceSocket, "PRIVATE", bob.id(), "same-id", "once");
            JsonNode again = send(alicePhone, "PRIVATE", bob.id(), "same-id", "once");
            assertThat(again.path("message")).isEqualTo(first.path("message"));
            ApiClient.Reply rest = alice.api()
                    .post(
                            "/api/chat/private/" + bob.id() + "/messages",
                            json("clientMsgId", "same-id", "contentType", "TEXT", "content", "once"));
            assertThat(rest.status())
                    .as("a REST retry answers 200 with the original")
                    .isEqualTo(200);
            assertThat(rest.json().get("seq").asLong()).isEqualTo(1);

            JsonNode marker = send(aliceSocket, "PRIVATE", bob.id(), "marker", "after the retries");
            String conversation = privateConversation(alice, bob);
            await().untilAsserted(() -> assertThat(messages(bobSocket, conversation))
                    .extracting(m -> m.path("seq").asLong())
                    .containsExactly(1L, marker.path("message").path("seq").asLong()));
        }
    }

    @Test
    void aUserBackFromOfflineFillsTheGapWithSyncAndReadReceiptsReachThePeerAndTheOtherDevice() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        String conversation = privateConversation(alice, bob);
        try (WsClient aliceSocket = connect(alice, 0, "WEB")) {
            for (int n = 0; n < 100; n++) {
                assertThat(type(send(aliceSocket, "PRIVATE", bob.id(), "off-" + n, "while you were away " + n)))
                        .isEqualTo("ack");
            }
            Account bobPhone = login(bob, "MOBILE");
            try (WsClient bobWeb = connect(bob, 1, "WEB");
                    WsClient bobMobile = connect(bobPhone, 0, "MOBILE")) {
                JsonNode listed = bob.api()
                        .get("/api/chat/conversations")
                        .json()
                        .get("items")
                        .get(0);
                assertThat(listed.get("conversationId").asString()).isEqualTo(conversation);
                assertThat(listed.get("maxSeq").asLong()).isEqualTo(100);
                assertThat(listed.get("readSeq").asLong()).isZero();
                assertThat(listed.get("unreadCount").asLong()).isEqualTo(100);
                assertThat(listed.get("name").asString()).isEqualTo(alice.name());
                assertThat(listed.get("lastMessage").get("seq").asLong()).isEqualTo(100);

                List<JsonNode> filled = syncAll(bobWeb, conversation);
                assertThat(seqs(filled))
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 100).boxed().toList());

                bobWeb.send(json("type", "read", "conversationId", conversation, "seq", 60));
                JsonNode receipt = aliceSocket.await("read", "conversationId", conversation);
                assertThat(receipt.path("userId").asString()).isEqualTo(bob.id());
                assertThat(receipt.path("seq").asLong()).isEqualTo(60);
                assertThat(bobMobile
                                .await("read", "conversationId", conversation)
                                .path("seq")
                                .asLong())
                        .isEqualTo(60);

                JsonNode unread = bob.api().get("/api/chat/unread").json();
                assertThat(unread.get("total").asLong()).isEqualTo(40);
                assertThat(unread.get("conversations").get(0).get("unreadCount").asLong())
                        .isEqualTo(40);
                assertThat(alice.api()
                                .get("/api/chat/conversations")
                                .json()
                                .get("items")
                                .get(0)
                                .get("unreadCount")
                                .asLong())
                        .as("sending moved alice's cursor")
                        .isZero();
            }
        }
    }

    @Test
    void editsAndReactionsReachOnlineSessionsAsFramesAndAnOfflineMemberThroughSync() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        String conversation = privateConversation(alice, bob);
        String thumbsUp = "\uD83D\uDC4D";
        String thumbsUpInPath = "%F0%9F%91%8D";
        try (WsClient aliceWeb = connect(alice, 0, "WEB");
                WsClient alicePhone = connect(login(alice, "MOBILE"), 1, "MOBILE")) {
            JsonNode sent =
                    send(aliceWeb, "PRIVATE", bob.id(), "edit-me", "helo bob").path("message");
            String messageId = sent.path("messageId").asString();

            ApiClient.Reply edited = alice.api().patch("/api/chat/messages/" + messageId, json("content", "hello bob"));
            assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
            assertThat(edited.json().get("content").asString()).isEqualTo("hello bob");
            assertThat(edited.json().get("seq").asLong()).isEqualTo(1);
            assertThat(edited.json().get("editVersion").asInt()).isEqualTo(1);
            JsonNode editedFrame = alicePhone.await("edited", "messageId", messageId);
            assertThat(editedFrame.path("seq").asLong()).isEqualTo(1);
            assertThat(editedFrame.path("message").path("content").asString()).isEqualTo("hello bob");

            ApiClient.Reply reacted =
                    bob.api().put("/api/chat/messages/" + messageId + "/reactions/" + thumbsUpInPath, "");
            assertThat(reacted.status()).as(reacted.toString()).isEqualTo(200);
            JsonNode reactionFrame = aliceWeb.await("reaction", "messageId", messageId);
            assertThat(reactionFrame.path("userId").asString()).isEqualTo(bob.id());
            assertThat(reactionFrame.path("emoji").asString()).isEqualTo(thumbsUp);
            assertThat(reactionFrame.path("added").asBoolean()).isTrue();

            aliceWeb.send(json("type", "react", "id", "r-1", "messageId", messageId, "emoji", "\uD83D\uDE02"));
            assertThat(aliceWeb.await("ack", "id", "r-1")
                            .path("message")
                            .path("reactions")
                            .size())
                    .isEqualTo(2);
            ApiClient.Reply removed = alice.api().delete("/api/chat/messages/" + messageId + "/reactions/%F0%9F%98%82");
            assertThat(removed.json().get("reactions").size()).isEqualTo(1);

            assertProblem(
                    bob.api().patch("/api/chat/messages/" + messageId, json("content", "mine")), 403, "FORBIDDEN");
            assertProblem(
                    alice.api().patch("/api/chat/messages/" + messageId, json("content", "")),
                    400,
                    "VALIDATION_FAILED");
            assertProblem(
                    alice.api().patch("/api/chat/messages/" + messageId, json("content", "x".repeat(8001))),
                    400,
                    "VALIDATION_FAILED");
            assertProblem(
                    alice.api().patch("/api/chat/messages/" + newClientMsgId(), json("content", "where?")),
                    404,
                    "NOT_FOUND");
            assertProblem(
                    bob.api().put("/api/chat/messages/" + messageId + "/reactions/like", ""), 400, "VALIDATION_FAILED");
        }

        // bob was never online: he sees the current text and reactions at the message's own seq, and no extra seqs
        JsonNode listed =
                bob.api().get("/api/chat/conversations").json().get("items").get(0);
        assertThat(listed.get("maxSeq").asLong()).isEqualTo(1);
        assertThat(listed.get("unreadCount").asLong()).isEqualTo(1);
        try (WsClient bobWeb = connect(bob, 1, "WEB")) {
            List<JsonNode> synced = syncAll(bobWeb, conversation);
            assertThat(seqs(synced)).containsExactly(1L);
            JsonNode message = synced.getFirst();
            assertThat(message.path("content").asString()).isEqualTo("hello bob");
            assertThat(message.path("editVersion").asInt()).isEqualTo(1);
            assertThat(message.path("editedAt").asString()).matches(".*\\.\\d{3}Z");
            assertThat(message.path("reactions").size()).isEqualTo(1);
            assertThat(message.path("reactions").get(0).path("emoji").asString())
                    .isEqualTo(thumbsUp);
            assertThat(message.path("reactions").get(0).path("userIds").get(0).asString())
                    .isEqualTo(bob.id());
        }
        JsonNode history = bob.api()
                .get("/api/chat/private/" + alice.id() + "/messages")
                .json()
                .get("items")
                .get(0);
        assertThat(history.get("content").asString()).isEqualTo("hello bob");
        assertThat(history.get("reactions").get(0).get("userIds").size()).isEqualTo(1);
    }

    @Test
    void repliesAndMentionsTravelOverRestAndWebSocketAndCountAsMentionedUntilRead() {
        Account owner = register("owner");
        Account member = register("member");
        Account other = register("other");
        Account outsider = register("outsider");
        String group = createGroup(owner, List.of(member, other));
        long lastSeq;
        try (WsClient memberSocket = connect(member, 1, "WEB");
                WsClient ownerSocket = connect(owner, 0, "WEB")) {
            String quoted = send(memberSocket, "GROUP", group, "q-1", "who is in?")
                    .path("message")
                    .path("messageId")
                    .asString();

            ApiClient.Reply reply = owner.api()
                    .post(
                            "/api/chat/groups/" + group + "/messages",
                            json(
                                    "clientMsgId", "q-2",
                                    "contentType", "TEXT",
                                    "content", "me, and all of you",
                                    "replyTo", quoted,
                                    "mentions", List.of(member.id(), "@all")));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            assertThat(reply.json().get("replyTo").get("senderId").asString()).isEqualTo(member.id());
            assertThat(reply.json().get("replyTo").get("snippet").asString()).isEqualTo("who is in?");
            JsonNode pushed = memberSocket.await("message", "type", "message").path("message");
            assertThat(pushed.path("replyTo").path("messageId").asString()).isEqualTo(quoted);
            assertThat(pushed.path("mentions").toString()).isEqualTo("[\"" + member.id() + "\",\"@all\"]");

            ownerSocket.send(json(
                    "type", "send",
                    "id", "q-3",
                    "conversationType", "GROUP",
                    "to", group,
                    "contentType", "TEXT",
                    "content", "quoting",
                    "replyTo", quoted));
            JsonNode quoting = ownerSocket.await("ack", "id", "q-3").path("message");
            assertThat(quoting.path("replyTo").path("snippet").asString()).isEqualTo("who is in?");
            lastSeq = quoting.path("seq").asLong();
            memberSocket.send(json(
                    "type", "send",
                    "id", "q-4",
                    "conversationType", "GROUP",
                    "to", group,
                    "contentType", "TEXT",
                    "content", "everyone!",
                    "mentions", List.of("@all")));
            assertThat(memberSocket.await("error", "id", "q-4").path("code").asString())
                    .isEqualTo("FORBIDDEN");
            memberSocket.send(json(
                    "type", "send",
                    "id", "q-5",
                    "conversationType", "GROUP",
                    "to", group,
                    "contentType", "TEXT",
                    "content", "re: nothing",
                    "replyTo", newClientMsgId()));
            assertThat(memberSocket.await("error", "id", "q-5").path("code").asString())
                    .isEqualTo("VALIDATION_FAILED");
        }
        assertProblem(
                member.api()
                        .post(
                                "/api/chat/groups/" + group + "/messages",
                                json(
                                        "clientMsgId", "q-6",
                                        "contentType", "TEXT",
                                        "content", "hey",
                                        "mentions", List.of(outsider.id()))),
                400,
                "VALIDATION_FAILED");

        JsonNode unread =
                other.api().get("/api/chat/unread").json().get("conversations").get(0);
        assertThat(unread.get("mentionedCount").asLong()).as("@all").isEqualTo(1);
        JsonNode listed =
                member.api().get("/api/chat/conversations").json().get("items").get(0);
        assertThat(listed.get("mentionedCount").asLong()).isEqualTo(1);
        assertThat(member.api()
                        .post("/api/chat/conversations/g:" + group + "/read", json("seq", lastSeq))
                        .status())
                .isEqualTo(204);
        assertThat(member.api()
                        .get("/api/chat/conversations")
                        .json()
                        .get("items")
                        .get(0)
                        .get("mentionedCount")
                        .asLong())
                .isZero();
    }

    @Test
    void sendsTheRulesRefuseGetTheirCodeAndTheSocketKeepsWorking() {
        Account alice = register("alice");
        Account bob = register("bob");
        Account stranger = register("stranger");
        befriend(alice, bob);
        String group = createGroup(bob, List.of(alice));
        try (WsClient socket = connect(alice, 0, "WEB")) {
            assertThat(send(socket, "PRIVATE", stranger.id(), "r-1", "hi?")
                            .path("code")
                            .asString())
                    .isEqualTo("NOT_FRIENDS");
            assertThat(send(socket, "GROUP", createGroup(stranger, List.of()), "r-2", "let me in")
                            .path("code")
                            .asString())
                    .isEqualTo("NOT_GROUP_MEMBER");
            ApiClient.Reply muted = bob.api()
                    .patch(
                            "/api/groups/" + group + "/members/" + alice.id(),
                            json("mutedUntil", "2099-01-01T00:00:00Z"));
            assertThat(muted.status()).as(muted.toString()).isEqualTo(200);
            await().untilAsserted(() -> assertThat(send(socket, "GROUP", group, newClientMsgId(), "muted?")
                            .path("code")
                            .asString())
                    .isEqualTo("MUTED"));
            assertThat(send(socket, "PRIVATE", bob.id(), "r-3", "x".repeat(8001))
                            .path("code")
                            .asString())
                    .isEqualTo("VALIDATION_FAILED");
            assertThat(type(send(socket, "PRIVATE", bob.id(), "r-4", "still here")))
                    .isEqualTo("ack");
        }
        ApiClient.Reply rest = alice.api()
                .post(
                        "/api/chat/private/" + stranger.id() + "/messages",
                        json("clientMsgId", "r-5", "contentType", "TEXT", "content", "hi?"));
        assertProblem(rest, 403, "NOT_FRIENDS");
        assertProblem(
                alice.api().post("/api/chat/private/" + bob.id() + "/messages", "{not json"), 400, "VALIDATION_FAILED");
        assertProblem(
                alice.api()
                        .post(
                                "/api/chat/private/" + bob.id() + "/messages",
                                json("clientMsgId", "r-6", "contentType", "SYSTEM", "content", "I am the server")),
                400,
                "VALIDATION_FAILED");
        assertProblem(alice.api().get("/api/chat/nowhere"), 404, "NOT_FOUND");
    }

    @Test
    void aSendTheOperatorsBeforeSendWebhookRejectsReachesTheClientAsMessageRejected() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        String secret = "webhook-" + UUID.randomUUID();
        try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
            receiver.answer(call -> call.body().contains("\"content\":\"buy cheap pills\"")
                    ? WebhookReceiver.Answer.json("{\"action\":\"reject\",\"reason\":\"spam is not welcome\"}")
                    : WebhookReceiver.Answer.json("{\"action\":\"allow\"}"));
            system.privateMessages.forEach(server -> WebhookReceiver.configure(
                    server,
                    Map.of(
                            "relay.webhooks.secret",
                            secret,
                            "relay.webhooks.before-send.url",
                            receiver.uri().toString())));
            try (WsClient socket = connect(alice, 0, "WEB")) {
                JsonNode refused = send(socket, "PRIVATE", bob.id(), "spam-1", "buy cheap pills");
                assertThat(type(refused)).as(refused.toString()).isEqualTo("error");
                assertThat(refused.path("code").asString()).isEqualTo("MESSAGE_REJECTED");
                assertThat(refused.path("message").asString()).isEqualTo("spam is not welcome");
                assertThat(type(send(socket, "PRIVATE", bob.id(), "spam-2", "hello")))
                        .isEqualTo("ack");
            }
            ApiClient.Reply rest = alice.api()
                    .post(
                            "/api/chat/private/" + bob.id() + "/messages",
                            json("clientMsgId", "spam-3", "contentType", "TEXT", "content", "buy cheap pills"));
            assertProblem(rest, 403, "MESSAGE_REJECTED");
            assertThat(receiver.calls()).hasSize(3).allMatch(WebhookReceiver.Call::signedCorrectly);
        } finally {
            system.privateMessages.forEach(WebhookReceiver::unconfigure);
        }
    }
}
