package im.relay.friend;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.outbox.Topics;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.BearerCredentials;
import im.relay.common.testing.TestKafka;
import im.relay.common.testing.TestServices;
import im.relay.common.testing.WebhookReceiver;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import im.relay.messagegateway.support.MessageGatewayBeside;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.events.v1.FriendEvent;
import im.relay.proto.friend.v1.CheckMessagingRequest;
import im.relay.proto.friend.v1.CheckMessagingResponse.Verdict;
import im.relay.proto.friend.v1.FriendServiceGrpc;
import im.relay.proto.friend.v1.ListBlockersRequest;
import im.relay.proto.friend.v1.ListPresenceAudienceRequest;
import im.relay.user.UserServiceBeside;
import im.relay.userclient.UserEvents;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * friend-service over its real ports, with the real user-service and a real message-gateway node (for presence)
 * beside it, on PostgreSQL, Redis and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FriendServiceIT {

    static final TestTokens tokens = TestTokens.start();
    static UserServiceBeside users;
    static MessageGatewayBeside gateway;
    static ManagedChannel friendChannel;
    static final String WEBHOOK_SECRET = "webhook-secret-" + UUID.randomUUID();
    static final WebhookReceiver webhook = new WebhookReceiver(WEBHOOK_SECRET);

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        users = UserServiceBeside.start("friend_users", tokens.jwksUri());
        EngineProperties.registerWithKafka(registry, "friend");
        // message-gateway calls friend-service (presence audiences) and friend-service calls it back (presence):
        // friend-service's gRPC port is chosen first, so that the gateway node can start before it
        int grpcPort = TestServices.freePort();
        gateway = MessageGatewayBeside.start(
                tokens.jwksUri(), Map.of("friend-service", "static://127.0.0.1:" + grpcPort));
        registry.add("spring.grpc.server.port", () -> grpcPort);
        registry.add("relay.auth.jwks-uri", () -> tokens.jwksUri().toString());
        registry.add("spring.grpc.client.channels.user-service.address", users::grpcAddress);
        registry.add("spring.grpc.client.channels.message-gateway.address", gateway::grpcAddress);
        registry.add("relay.webhooks.secret", () -> WEBHOOK_SECRET);
        registry.add("relay.webhooks.events.url", () -> webhook.uri().toString());
    }

    @AfterAll
    static void stop() {
        if (friendChannel != null) {
            friendChannel.shutdownNow();
        }
        gateway.close();
        users.close();
        tokens.close();
        webhook.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    ApplicationContext context;

    @Value("${local.grpc.port}")
    int grpcPort;

    ApiClient api;

    @BeforeEach
    void clients() {
        api = new ApiClient(URI.create("http://127.0.0.1:" + httpPort));
        if (friendChannel == null) {
            friendChannel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
                    .usePlaintext()
                    .intercept(new CallerClientInterceptor())
                    .build();
        }
    }

    @Test
    void onlyTheAddresseeAcceptsAndThenBothAreFriends() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");

        ApiClient.Reply sent = alice.api.post("/api/friends/requests", json("userId", bob.id, "message", "hi!"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(sent.json().get("message").asString()).isEqualTo("hi!");
        String requestId = sent.json().get("id").asString();

        assertThat(ids(bob.api.get("/api/friends/requests?direction=incoming"), "id"))
                .containsExactly(requestId);
        assertThat(ids(alice.api.get("/api/friends/requests?direction=outgoing"), "id"))
                .containsExactly(requestId);
        assertThat(ids(alice.api.get("/api/friends/requests"), "id")).isEmpty();

        assertProblem(carol.api.post("/api/friends/requests/" + requestId + "/accept", ""), 404, "NOT_FOUND");
        assertProblem(alice.api.post("/api/friends/requests/" + requestId + "/accept", ""), 404, "NOT_FOUND");
        assertProblem(carol.api.post("/api/friends/requests/" + requestId + "/reject", ""), 404, "NOT_FOUND");

        ApiClient.Reply accepted = bob.api.post("/api/friends/requests/" + requestId + "/accept", "");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("status").asString()).isEqualTo("ACCEPTED");
        assertProblem(bob.api.post("/api/friends/requests/" + requestId + "/accept", ""), 404, "NOT_FOUND");

        ApiClient.Reply friends = alice.api.get("/api/friends");
        assertThat(ids(friends, "userId")).containsExactly(bob.id);
        assertThat(friends.json().get("items").get(0).get("username").asString())
                .isEqualTo(bob.name);
        assertThat(friends.json().get("items").get(0).get("online").asBoolean()).isFalse();
        assertThat(ids(bob.api.get("/api/friends"), "userId")).containsExactly(alice.id);
        assertThat(ids(carol.api.get("/api/friends"), "userId")).isEmpty();

        assertThat(events(alice.id))
                .extracting(FriendEvent::getEventCase)
                .contains(FriendEvent.EventCase.REQUEST_SENT, FriendEvent.EventCase.ACCEPTED);
    }

    @Test
    void aFriendIsOnlineInMyListWhileTheirSocketIsOpen() {
        User uma = user("uma");
        User vic = user("vic");
        befriend(uma, vic);
        assertThat(online(uma, vic)).isFalse();

        try (WsClient socket = gateway.connect(vic.token)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> online(uma, vic));
            uma.api.put("/api/friends/blocks/" + vic.id, "");
            assertThat(online(uma, vic)).as("a block hides presence both ways").isFalse();
            uma.api.delete("/api/friends/blocks/" + vic.id);
            assertThat(online(uma, vic)).isTrue();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !online(uma, vic));
    }

    @Test
    void aMutualRequestMakesFriendsAtOnce() {
        User dave = user("dave");
        User erin = user("erin");
        dave.api.post("/api/friends/requests", json("userId", erin.id));

        ApiClient.Reply mutual = erin.api.post("/api/friends/requests", json("userId", dave.id));

        assertThat(mutual.status()).isEqualTo(200);
        assertThat(mutual.json().get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(ids(dave.api.get("/api/friends"), "userId")).containsExactly(erin.id);
        assertThat(ids(dave.api.get("/api/friends/requests?direction=outgoing"), "id"))
                .isEmpty();
        assertProblem(dave.api.post("/api/friends/requests", json("userId", erin.id)), 409, "ALREADY_FRIENDS");
    }

    @Test
    void refusesBadRequests() {
        User frank = user("frank");
        User grace = user("grace");
        frank.api.post("/api/friends/requests", json("userId", grace.id));

        assertProblem(frank.api.post("/api/friends/requests", json("userId", grace.id)), 409, "REQUEST_PENDING");
        assertProblem(frank.api.post("/api/friends/requests", json("userId", frank.id)), 400, "VALIDATION_FAILED");
        assertProblem(
                frank.api.post(
                        "/api/friends/requests",
                        json("userId", UUID.randomUUID().toString())),
                404,
                "NOT_FOUND");
        assertProblem(frank.api.post("/api/friends/requests", json("userId", "nobody")), 404, "NOT_FOUND");
        assertProblem(frank.api.post("/api/friends/requests", "{}"), 400, "VALIDATION_FAILED");
        assertProblem(frank.api.post("/api/friends/requests", json("userId", 42)), 400, "VALIDATION_FAILED");
        assertProblem(
                frank.api.post("/api/friends/requests", json("userId", grace.id, "message", "x".repeat(201))),
                400,
                "VALIDATION_FAILED");
        assertProblem(frank.api.get("/api/friends/requests?direction=sideways"), 400, "VALIDATION_FAILED");
        assertProblem(frank.api.post("/api/friends/requests/not-a-uuid/accept", ""), 404, "NOT_FOUND");
        assertProblem(api.get("/api/friends"), 401, "UNAUTHORIZED");
    }

    @Test
    void aRejectedUserMayAskAgain() {
        User heidi = user("heidi");
        User ivan = user("ivan");
        String first = heidi.api
                .post("/api/friends/requests", json("userId", ivan.id))
                .json()
                .get("id")
                .asString();

        assertThat(ivan.api
                        .post("/api/friends/requests/" + first + "/reject", "")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("REJECTED");

        assertThat(heidi.api
                        .post("/api/friends/requests", json("userId", ivan.id))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void refusesControlCharactersInRequestMessagesAndRemarks() {
        User lou = user("lou");
        User max = user("max");

        assertProblem(
                lou.api.post("/api/friends/requests", json("userId", max.id, "message", "hi\u0000")),
                400,
                "VALIDATION_FAILED");
        assertProblem(
                lou.api.post("/api/friends/requests", json("userId", max.id, "message", "\u001b[31mred")),
                400,
                "VALIDATION_FAILED");
        befriend(lou, max);
        assertProblem(lou.api.patch("/api/friends/" + max.id, json("remark", "Max\u0000")), 400, "VALIDATION_FAILED");
        assertThat(lou.api
                        .patch("/api/friends/" + max.id, json("remark", "Max ☕"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void remarksAreMineAndDeletionEndsTheFriendshipForBoth() {
        User judy = user("judy");
        User ken = user("ken");
        befriend(judy, ken);

        ApiClient.Reply remark = judy.api.patch("/api/friends/" + ken.id, json("remark", "Kenny"));
        assertThat(remark.json().get("remark").asString()).isEqualTo("Kenny");
        assertThat(ken.api
                        .get("/api/friends")
                        .json()
                        .get("items")
                        .get(0)
                        .get("remark")
                        .asString())
                .isEmpty();
        assertProblem(
                judy.api.patch("/api/friends/" + ken.id, json("remark", "k".repeat(65))), 400, "VALIDATION_FAILED");
        assertProblem(judy.api.patch("/api/friends/" + UUID.randomUUID(), json("remark", "x")), 404, "NOT_FOUND");

        assertThat(ken.api.delete("/api/friends/" + judy.id).status()).isEqualTo(204);

        assertThat(ids(judy.api.get("/api/friends"), "userId")).isEmpty();
        assertProblem(ken.api.delete("/api/friends/" + judy.id), 404, "NOT_FOUND");
        assertThat(events(ken.id)).extracting(FriendEvent::getEventCase).contains(FriendEvent.EventCase.DELETED);
    }

    @Test
    void eachFriendChangeIsPostedSignedToTheEventsWebhookOnce() {
        WebhookReceiver.awaitListening(context);
        User rita = user("rita");
        User sam = user("sam");
        ApiClient.Reply sent = rita.api.post("/api/friends/requests", json("userId", sam.id, "message", "hello"));
        String requestId = sent.json().get("id").asString();
        assertThat(sam.api
                        .post("/api/friends/requests/" + requestId + "/accept", "")
                        .status())
                .isEqualTo(200);
        assertThat(rita.api.put("/api/friends/blocks/" + sam.id, "").status()).isEqualTo(204);
        assertThat(rita.api.delete("/api/friends/blocks/" + sam.id).status()).isEqualTo(204);
        assertThat(sam.api.delete("/api/friends/" + rita.id).status()).isEqualTo(204);

        await().untilAsserted(() -> assertThat(webhook.calls().stream()
                        .filter(call -> call.body().contains(rita.id))
                        .map(call -> call.header("Relay-Event")))
                .containsExactly(
                        "friend.requested", "friend.accepted", "friend.blocked", "friend.unblocked", "friend.removed"));
        List<WebhookReceiver.Call> calls = webhook.calls().stream()
                .filter(call -> call.body().contains(rita.id))
                .toList();
        assertThat(calls).allMatch(WebhookReceiver.Call::signedCorrectly);
        assertThat(calls).extracting(call -> call.header("Relay-Event-Id")).doesNotHaveDuplicates();
        JsonNode requested = calls.getFirst().json().path("data");
        assertThat(requested.path("requestId").asString()).isEqualTo(requestId);
        assertThat(requested.path("fromUserId").asString()).isEqualTo(rita.id);
        assertThat(requested.path("toUserId").asString()).isEqualTo(sam.id);
        assertThat(requested.path("message").asString()).isEqualTo("hello");
        assertThat(calls.subList(1, 5))
                .extracting(call -> call.json().path("data").path("actorId").asString())
                .containsExactly(sam.id, rita.id, rita.id, sam.id);
        assertThat(calls.get(1).json().path("data").path("otherId").asString()).isEqualTo(rita.id);
    }

    @Test
    void aBlockStopsRequestsBothWaysButKeepsTheFriendship() {
        User leo = user("leo");
        User mia = user("mia");
        User nick = user("nick");
        befriend(leo, mia);

        assertThat(leo.api.put("/api/friends/blocks/" + nick.id, "").status()).isEqualTo(204);
        assertThat(leo.api.put("/api/friends/blocks/" + nick.id, "").status()).isEqualTo(204);
        assertThat(leo.api.put("/api/friends/blocks/" + mia.id, "").status()).isEqualTo(204);

        assertProblem(nick.api.post("/api/friends/requests", json("userId", leo.id)), 403, "BLOCKED");
        assertProblem(leo.api.post("/api/friends/requests", json("userId", nick.id)), 403, "BLOCKED");
        assertThat(ids(leo.api.get("/api/friends/blocks"), "userId")).containsExactlyInAnyOrder(nick.id, mia.id);
        assertThat(ids(leo.api.get("/api/friends"), "userId")).containsExactly(mia.id);
        assertProblem(leo.api.put("/api/friends/blocks/" + leo.id, ""), 400, "VALIDATION_FAILED");
        assertProblem(leo.api.put("/api/friends/blocks/" + UUID.randomUUID(), ""), 404, "NOT_FOUND");

        assertThat(leo.api.delete("/api/friends/blocks/" + nick.id).status()).isEqualTo(204);
        assertThat(leo.api.delete("/api/friends/blocks/" + nick.id).status()).isEqualTo(204);
        assertThat(nick.api
                        .post("/api/friends/requests", json("userId", leo.id))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void answersMayAMessageBAndFollowsChangesAtOnce() {
        User olga = user("olga");
        User paul = user("paul");
        var asOlga = olga.grpc();

        assertThat(verdict(asOlga, olga, paul)).isEqualTo(Verdict.VERDICT_NOT_FRIENDS);
        befriend(olga, paul);
        assertThat(verdict(asOlga, olga, paul)).isEqualTo(Verdict.VERDICT_ALLOWED);
        paul.api.put("/api/friends/blocks/" + olga.id, "");
        assertThat(verdict(asOlga, olga, paul)).isEqualTo(Verdict.VERDICT_BLOCKED);
        paul.api.delete("/api/friends/blocks/" + olga.id);
        assertThat(verdict(asOlga, olga, paul)).isEqualTo(Verdict.VERDICT_ALLOWED);

        var asPaul = paul.grpc();
        var code = codeOf(() -> verdict(asPaul, olga, paul));
        assertThat(code).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void thePresenceAudienceIsTheCallersFriendsWithNoBlockEitherWay() {
        User una = user("una");
        User vic = user("vic");
        User wes = user("wes");
        User xia = user("xia");
        befriend(una, vic);
        befriend(una, wes);
        befriend(una, xia);
        wes.api.put("/api/friends/blocks/" + una.id, "");
        una.api.put("/api/friends/blocks/" + xia.id, "");
        user("yan").api.post("/api/friends/requests", json("userId", una.id));

        var audience = una.grpc()
                .listPresenceAudience(ListPresenceAudienceRequest.newBuilder()
                        .setUserId(una.id)
                        .build())
                .getUserIdsList();

        assertThat(audience).containsExactly(vic.id);
        assertThat(codeOf(() -> vic.grpc()
                        .listPresenceAudience(ListPresenceAudienceRequest.newBuilder()
                                .setUserId(una.id)
                                .build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void listsOnlyThoseWhoBlockedTheCallerAmongTheUsersAsked() {
        User quinn = user("quinn");
        User rita = user("rita");
        User sam = user("sam");
        User tom = user("tom");
        rita.api.put("/api/friends/blocks/" + quinn.id, "");
        quinn.api.put("/api/friends/blocks/" + sam.id, "");
        tom.api.put("/api/friends/blocks/" + rita.id, "");

        var blockers = quinn.grpc()
                .listBlockers(ListBlockersRequest.newBuilder()
                        .addAllUserIds(List.of(rita.id, sam.id, tom.id, "not-an-id"))
                        .build())
                .getUserIdsList();

        assertThat(blockers).containsExactly(rita.id);
        assertThat(codeOf(() -> FriendServiceGrpc.newBlockingStub(friendChannel)
                        .listBlockers(ListBlockersRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aDeletedUserLeavesTheGraphOnceThoughTheEventComesTwice() throws Exception {
        User gone = user("gone");
        User friend = user("friend");
        User blocker = user("blocker");
        User blockee = user("blockee");
        User asked = user("asked");
        befriend(gone, friend);
        assertThat(blocker.api.put("/api/friends/blocks/" + gone.id, "").status())
                .isEqualTo(204);
        assertThat(gone.api.put("/api/friends/blocks/" + blockee.id, "").status())
                .isEqualTo(204);
        assertThat(gone.api
                        .post("/api/friends/requests", json("userId", asked.id))
                        .status())
                .isEqualTo(201);
        byte[] deleted = UserEvents.deleted(gone.id);

        TestKafka.send(Engines.shared().kafka().bootstrapServers(), Topics.USERS, gone.id, deleted);
        TestKafka.send(Engines.shared().kafka().bootstrapServers(), Topics.USERS, gone.id, deleted);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ids(friend.api.get("/api/friends"), "userId")).isEmpty();
            assertThat(ids(blocker.api.get("/api/friends/blocks"), "userId")).isEmpty();
            assertThat(ids(gone.api.get("/api/friends/blocks"), "userId")).isEmpty();
            assertThat(ids(asked.api.get("/api/friends/requests"), "id")).isEmpty();
            assertThat(ids(gone.api.get("/api/friends/requests?direction=outgoing"), "id"))
                    .isEmpty();
        });
        // the friend was told once, though the event came twice
        String pairKey = (gone.id.compareTo(friend.id) <= 0 ? gone : friend).id;
        List<FriendEvent> told = new ArrayList<>();
        for (byte[] value : TestKafka.readAll(
                Engines.shared().kafka().bootstrapServers(), Topics.FRIENDS, pairKey, Duration.ofSeconds(3))) {
            told.add(FriendEvent.parseFrom(value));
        }
        assertThat(told)
                .filteredOn(event ->
                        event.hasDeleted() && event.getDeleted().getOtherId().equals(friend.id))
                .singleElement()
                .satisfies(event -> assertThat(event.getDeleted().getActorId()).isEqualTo(gone.id));
    }

    record User(String id, String name, ApiClient api, String token) {
        FriendServiceGrpc.FriendServiceBlockingStub grpc() {
            return FriendServiceGrpc.newBlockingStub(friendChannel).withCallCredentials(new BearerCredentials(token));
        }
    }

    private User user(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = users.register(name);
        String token = tokens.accessToken(id);
        return new User(id, name, api.withToken(token), token);
    }

    /** Whether {@code friend} shows as online in {@code me}'s friend list. */
    private static boolean online(User me, User friend) {
        ApiClient.Reply list = me.api.get("/api/friends");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        for (var item : list.json().get("items")) {
            if (item.get("userId").asString().equals(friend.id)) {
                return item.get("online").asBoolean();
            }
        }
        throw new AssertionError(friend.name + " is not in the list: " + list);
    }

    private static void befriend(User a, User b) {
        a.api.post("/api/friends/requests", json("userId", b.id));
        assertThat(b.api.post("/api/friends/requests", json("userId", a.id)).status())
                .isEqualTo(200);
    }

    private static Verdict verdict(FriendServiceGrpc.FriendServiceBlockingStub stub, User sender, User receiver) {
        return stub.checkMessaging(CheckMessagingRequest.newBuilder()
                        .setSenderId(sender.id)
                        .setReceiverId(receiver.id)
                        .build())
                .getVerdict();
    }

    private static Status.Code codeOf(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("the call succeeded");
    }

    /** The friend events that name {@code userId}, read from Kafka as the message gateway will. */
    private static List<FriendEvent> events(String userId) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                Engines.shared().kafka().bootstrapServers(),
                "group.id",
                "friend-it-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest");
        List<FriendEvent> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("relay.friends"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    try {
                        FriendEvent event = FriendEvent.parseFrom(record.value());
                        if (event.toString().contains(userId)) {
                            found.add(event);
                        }
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                });
                return found.size() >= 2 || found.stream().anyMatch(e -> e.hasDeleted());
            });
        }
        return found;
    }

    private static List<String> ids(ApiClient.Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("items").forEach(item -> ids.add(item.get(field).asString()));
        return ids;
    }

    private static void assertProblem(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
    }
}
