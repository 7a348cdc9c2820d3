package im.relay.group;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import im.relay.common.error.GrpcErrors;
import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.outbox.Topics;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.BearerCredentials;
import im.relay.common.testing.ServiceStack;
import im.relay.common.testing.TestKafka;
import im.relay.common.testing.TestServices;
import im.relay.common.testing.WebhookReceiver;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import im.relay.friend.FriendServiceApplication;
import im.relay.proto.events.v1.GroupEvent;
import im.relay.proto.group.v1.CheckSendRequest;
import im.relay.proto.group.v1.CheckSendResponse.Verdict;
import im.relay.proto.group.v1.GroupServiceGrpc;
import im.relay.proto.group.v1.ListMemberIdsRequest;
import im.relay.proto.group.v1.ListMyGroupsRequest;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * group-service over its real ports, with the real user-service and friend-service beside it, on PostgreSQL, Redis
 * and Kafka.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.grpc.server.port=0",
            "relay.groups.limits.max-members=5",
            "relay.groups.rate-limits.creates=3",
            "relay.groups.rate-limits.member-adds=10"
        })
class GroupServiceIT {

    static final TestTokens tokens = TestTokens.start();
    static final ServiceStack stack = new ServiceStack(tokens.jwksUri());
    static UserServiceBeside users;
    static ConfigurableApplicationContext friends;
    static ManagedChannel groupChannel;
    static final String WEBHOOK_SECRET = "webhook-secret-" + UUID.randomUUID();
    static final WebhookReceiver webhook = new WebhookReceiver(WEBHOOK_SECRET);

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        users = UserServiceBeside.start("group_users", tokens.jwksUri());
        friends = stack.start(
                FriendServiceApplication.class, "group_friends", Map.of("user-service", users.grpcAddress()));
        EngineProperties.registerWithKafka(registry, "group");
        registry.add("relay.auth.jwks-uri", () -> tokens.jwksUri().toString());
        registry.add("spring.grpc.client.channels.user-service.address", users::grpcAddress);
        registry.add("spring.grpc.client.channels.friend-service.address", () -> ServiceStack.grpcAddress(friends));
        registry.add("relay.webhooks.secret", () -> WEBHOOK_SECRET);
        registry.add("relay.webhooks.events.url", () -> webhook.uri().toString());
    }

    @AfterAll
    static void stop() {
        if (groupChannel != null) {
            groupChannel.shutdownNow();
        }
        stack.close();
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
        if (groupChannel == null) {
            groupChannel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
                    .usePlaintext()
                    .intercept(new CallerClientInterceptor())
                    .build();
        }
    }

    @Test
    void eachGroupChangeIsPostedSignedToTheEventsWebhookOnceNamingOnlyTheMembersItIsAbout() {
        WebhookReceiver.awaitListening(context);
        User owner = user("hookowner");
        User ann = user("ann");
        User ben = user("ben");
        String groupId = owner.api
                .post("/api/groups", json("name", "Hooks", "memberIds", List.of(ann.id)))
                .json()
                .get("id")
                .asString();
        owner.api.post("/api/groups/" + groupId + "/members", json("userIds", List.of(ben.id)));
        owner.api.patch(member(groupId, ben), json("role", "ADMIN"));
        owner.api.patch(member(groupId, ann), json("mutedUntil", "2099-01-01T00:00:00Z"));
        owner.api.patch("/api/groups/" + groupId, json("name", "Hooked"));
        assertThat(owner.api.delete(member(groupId, ann)).status()).isEqualTo(204);
        assertThat(ben.api.delete(member(groupId, ben)).status()).isEqualTo(204);
        assertThat(owner.api.delete("/api/groups/" + groupId).status()).isEqualTo(204);

        Awaitility.await()
                .untilAsserted(() -> assertThat(webhook.calls().stream()
                                .filter(call -> call.body().contains(groupId))
                                .map(call -> call.header("Relay-Event")))
                        .containsExactly(
                                "group.members-added",
                                "group.members-added",
                                "group.role-changed",
                                "group.member-muted",
                                "group.updated",
                                "group.member-removed",
                                "group.member-left",
                                "group.dismissed"));
        List<WebhookReceiver.Call> calls = webhook.calls().stream()
                .filter(call -> call.body().contains(groupId))
                .toList();
        assertThat(calls).allMatch(WebhookReceiver.Call::signedCorrectly);
        assertThat(calls).extracting(call -> call.header("Relay-Event-Id")).doesNotHaveDuplicates();
        List<JsonNode> data =
                calls.stream().map(call -> call.json().path("data")).toList();
        assertThat(data).allMatch(body -> body.path("groupId").asString().equals(groupId));
        assertThat(data.get(0).path("userIds").toString()).isEqualTo("[\"" + ann.id + "\"]");
        assertThat(data.get(0).path("group").path("name").asString()).isEqualTo("Hooks");
        assertThat(data.get(1).path("userIds").toString()).isEqualTo("[\"" + ben.id + "\"]");
        assertThat(data.get(1).path("group").path("memberCount").asInt()).isEqualTo(3);
        assertThat(data.get(2).path("userId").asString()).isEqualTo(ben.id);
        assertThat(data.get(2).path("role").asString()).isEqualTo("ADMIN");
        assertThat(data.get(3).path("mutedUntil").asString()).isEqualTo("2099-01-01T00:00:00.000Z");
        assertThat(data.get(4).path("group").path("name").asString()).isEqualTo("Hooked");
        assertThat(data.get(5).path("userId").asString()).isEqualTo(ann.id);
        assertThat(data.get(6).path("actorId").asString()).isEqualTo(ben.id);
        assertThat(data.get(7).path("actorId").asString()).isEqualTo(owner.id);
        assertThat(calls.getLast().body()).doesNotContain(ann.id).doesNotContain(ben.id);
    }

    @Test
    void theCreatorOwnsTheGroupAndOnlyMembersSeeIt() {
        User owner = user("owner");
        User member = user("member");
        User outsider = user("outsider");

        ApiClient.Reply created = owner.api.post(
                "/api/groups", json("name", " Team ", "description", "d", "memberIds", List.of(member.id, owner.id)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo("Team");
        assertThat(created.json().get("ownerId").asString()).isEqualTo(owner.id);
        assertThat(created.json().get("memberCount").asInt()).isEqualTo(2);
        String groupId = created.json().get("id").asString();

        assertThat(member.api.get("/api/groups/" + groupId).json().get("role").asString())
                .isEqualTo("MEMBER");
        assertThat(ids(member.api.get("/api/groups"), "id")).containsExactly(groupId);
        ApiClient.Reply roster = member.api.get("/api/groups/" + groupId + "/members");
        assertThat(ids(roster, "userId")).containsExactly(owner.id, member.id);
        assertThat(roster.json().get("items").get(0).get("username").asString()).isEqualTo(owner.name);
        assertThat(roster.json().get("items").get(1).get("mutedUntil").isNull()).isTrue();

        assertProblem(outsider.api.get("/api/groups/" + groupId), 403, "NOT_GROUP_MEMBER");
        assertProblem(outsider.api.get("/api/groups/" + groupId + "/members"), 403, "NOT_GROUP_MEMBER");
        assertProblem(outsider.api.get("/api/groups/" + UUID.randomUUID()), 404, "NOT_FOUND");
        assertProblem(outsider.api.get("/api/groups/not-an-id"), 404, "NOT_FOUND");
        assertThat(events(groupId, GroupEvent.EventCase.INVITED).getFirst().getRecipientIdsList())
                .containsExactly(member.id);
    }

    @Test
    void refusesBadGroups() {
        User owner = user("bad");
        assertProblem(owner.api.post("/api/groups", json("name", "")), 400, "VALIDATION_FAILED");
        assertProblem(owner.api.post("/api/groups", json("name", "n".repeat(65))), 400, "VALIDATION_FAILED");
        assertProblem(
                owner.api.post(
                        "/api/groups",
                        json("name", "g", "memberIds", List.of(UUID.randomUUID().toString()))),
                404,
                "NOT_FOUND");
        assertProblem(
                owner.api.post("/api/groups", json("name", "g", "memberIds", "not-a-list")), 400, "VALIDATION_FAILED");
        assertProblem(
                owner.api.post("/api/groups", json("name", "g", "avatarUrl", "ftp://x")), 400, "VALIDATION_FAILED");
        assertProblem(api.get("/api/groups"), 401, "UNAUTHORIZED");
    }

    @Test
    void refusesControlCharactersInGroupTextAndStripsInvisibleFormattingFromNames() {
        User owner = user("text");
        assertProblem(owner.api.post("/api/groups", json("name", "team\u0000")), 400, "VALIDATION_FAILED");
        assertProblem(
                owner.api.post("/api/groups", json("name", "team", "description", "bell\u0007")),
                400,
                "VALIDATION_FAILED");
        assertProblem(owner.api.post("/api/groups", json("name", "\u200b\u2060")), 400, "VALIDATION_FAILED");

        ApiClient.Reply created = owner.api.post("/api/groups", json("name", "\u202eTeam\u200d\u2067 Blue\u2069"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo("Team Blue");
        String groupId = created.json().get("id").asString();
        assertProblem(owner.api.patch("/api/groups/" + groupId, json("name", "x\u0000")), 400, "VALIDATION_FAILED");
        assertThat(owner.api
                        .patch("/api/groups/" + groupId, json("name", "\ufeffRed"))
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("Red");
    }

    @Test
    void aUserWhoBlockedTheAdderCannotBePutInTheirGroupsAtCreationOrLater() {
        User adder = user("adder");
        User blocker = user("blocker");
        User willing = user("willing");
        User blockedByAdder = user("blockedbyadder");
        block(blocker, adder);
        block(adder, blockedByAdder);

        assertProblem(
                adder.api.post("/api/groups", json("name", "g", "memberIds", List.of(willing.id, blocker.id))),
                403,
                "BLOCKED");
        assertThat(ids(adder.api.get("/api/groups"), "id"))
                .as("a refused create makes no group")
                .isEmpty();
        assertThat(ids(willing.api.get("/api/groups"), "id")).isEmpty();

        String groupId = group(adder, willing);
        assertProblem(
                adder.api.post("/api/groups/" + groupId + "/members", json("userIds", List.of(blocker.id))),
                403,
                "BLOCKED");
        assertThat(ids(adder.api.get("/api/groups/" + groupId + "/members"), "userId"))
                .containsExactly(adder.id, willing.id);
        assertThat(adder.api
                        .post("/api/groups/" + groupId + "/members", json("userIds", List.of(blockedByAdder.id)))
                        .status())
                .as("only the added user's own block counts")
                .isEqualTo(200);

        assertThat(blocker.friends().delete("/api/friends/blocks/" + adder.id).status())
                .isEqualTo(204);
        assertThat(adder.api
                        .post("/api/groups/" + groupId + "/members", json("userIds", List.of(blocker.id)))
                        .status())
                .as("an unblock applies at once")
                .isEqualTo(200);
    }

    @Test
    void groupCreationAndMemberAddsAreLimitedPerUser() {
        User busy = user("busy");
        List<User> others = List.of(user("b1"), user("b2"), user("b3"), user("b4"));
        List<String> four = others.stream().map(User::id).toList();
        group(busy, others.toArray(User[]::new));
        group(busy, others.toArray(User[]::new));
        String third = group(busy, others.get(0), others.get(1));

        ApiClient.Reply tooManyAdds =
                busy.api.post("/api/groups/" + third + "/members", json("userIds", List.of(four.get(2))));
        assertProblem(tooManyAdds, 429, "RATE_LIMITED");
        assertThat(Integer.parseInt(tooManyAdds.header("Retry-After"))).isBetween(1, 3600);
        ApiClient.Reply tooManyGroups = busy.api.post("/api/groups", json("name", "fourth"));
        assertProblem(tooManyGroups, 429, "RATE_LIMITED");
        assertThat(Integer.parseInt(tooManyGroups.header("Retry-After"))).isBetween(1, 3600);

        assertThat(others.get(0).api.post("/api/groups", json("name", "theirs")).status())
                .as("the limits are per user")
                .isEqualTo(201);
    }

    @Test
    void ownerAndAdminsManageWithinTheirRoles() {
        User owner = user("o");
        User admin = user("a");
        User admin2 = user("a2");
        User member = user("m");
        String groupId = group(owner, admin, admin2, member);
        assertThat(owner.api
                        .patch(member(groupId, admin), json("role", "ADMIN"))
                        .json()
                        .get("role")
                        .asString())
                .isEqualTo("ADMIN");
        owner.api.patch(member(groupId, admin2), json("role", "ADMIN"));

        assertThat(admin.api
                        .patch("/api/groups/" + groupId, json("name", "Renamed"))
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("Renamed");
        assertProblem(member.api.patch("/api/groups/" + groupId, json("name", "x")), 403, "FORBIDDEN");
        assertProblem(admin.api.patch(member(groupId, member), json("role", "ADMIN")), 403, "FORBIDDEN");
        assertProblem(owner.api.patch(member(groupId, member), json("role", "OWNER")), 400, "VALIDATION_FAILED");
        assertProblem(owner.api.patch(member(groupId, member), json("role", "KING")), 400, "VALIDATION_FAILED");
        assertProblem(
                admin.api.patch(member(groupId, admin2), json("mutedUntil", "2099-01-01T00:00:00Z")), 403, "FORBIDDEN");
        assertProblem(admin.api.delete(member(groupId, admin2)), 403, "FORBIDDEN");
        assertProblem(member.api.delete(member(groupId, admin)), 403, "FORBIDDEN");
        assertProblem(
                admin.api.patch(member(groupId, member), json("mutedUntil", "tomorrow")), 400, "VALIDATION_FAILED");

        ApiClient.Reply muted = admin.api.patch(member(groupId, member), json("mutedUntil", "2099-01-01T00:00:00Z"));
        assertThat(muted.json().get("mutedUntil").asString()).isEqualTo("2099-01-01T00:00:00.000Z");
        assertThat(verdict(member, groupId)).isEqualTo(Verdict.VERDICT_MUTED);
        assertThat(admin.api
                        .patch(member(groupId, member), "{\"mutedUntil\": null}")
                        .json()
                        .get("mutedUntil")
                        .isNull())
                .isTrue();
        assertThat(verdict(member, groupId)).isEqualTo(Verdict.VERDICT_ALLOWED);

        admin.api.patch("/api/groups/" + groupId, json("mutedAll", true));
        assertThat(verdict(member, groupId)).isEqualTo(Verdict.VERDICT_MUTED);
        assertThat(verdict(admin, groupId))
                .as("admins are exempt from mute-all")
                .isEqualTo(Verdict.VERDICT_ALLOWED);

        assertThat(admin.api.delete(member(groupId, member)).status()).isEqualTo(204);
        assertProblem(member.api.get("/api/groups/" + groupId), 403, "NOT_GROUP_MEMBER");
        assertThat(verdict(member, groupId)).isEqualTo(Verdict.VERDICT_NOT_GROUP_MEMBER);
        assertThat(owner.api.delete(member(groupId, admin2)).status()).isEqualTo(204);
    }

    @Test
    void membersJoinOnceUpToTheCapAndLeaveButTheOwnerMustTransferFirst() {
        User owner = user("cap");
        List<User> others = List.of(user("c1"), user("c2"), user("c3"), user("c4"), user("c5"));
        String groupId = group(owner, others.get(0));

        ApiClient.Reply added = owner.api.post(
                "/api/groups/" + groupId + "/members", json("userIds", List.of(others.get(0).id, others.get(1).id)));
        assertThat(ids(added, "userId")).containsExactly(others.get(1).id);
        assertProblem(
                owner.api.post("/api/groups/" + groupId + "/members", json("userIds", List.of(others.get(1).id))),
                409,
                "ALREADY_MEMBER");
        assertProblem(
                owner.api.post("/api/groups/" + groupId + "/members", json("userIds", List.of())),
                400,
                "VALIDATION_FAILED");
        assertProblem(
                owner.api.post(
                        "/api/groups/" + groupId + "/members",
                        json("userIds", List.of(others.get(2).id, others.get(3).id, others.get(4).id))),
                409,
                "GROUP_FULL");
        assertProblem(
                others.get(0)
                        .api
                        .post("/api/groups/" + groupId + "/members", json("userIds", List.of(others.get(2).id))),
                403,
                "FORBIDDEN");

        assertThat(others.get(1).api.delete(member(groupId, others.get(1))).status())
                .isEqualTo(204);
        assertProblem(owner.api.delete(member(groupId, owner)), 409, "OWNER_MUST_TRANSFER");
        assertProblem(owner.api.delete(member(groupId, others.get(4))), 404, "NOT_FOUND");
    }

    @Test
    void ownershipMovesAndTheOldOwnerBecomesAdmin() {
        User owner = user("t");
        User heir = user("h");
        String groupId = group(owner, heir);

        assertProblem(heir.api.post("/api/groups/" + groupId + "/owner", json("userId", heir.id)), 403, "FORBIDDEN");
        assertProblem(
                owner.api.post(
                        "/api/groups/" + groupId + "/owner",
                        json("userId", UUID.randomUUID().toString())),
                404,
                "NOT_FOUND");
        ApiClient.Reply moved = owner.api.post("/api/groups/" + groupId + "/owner", json("userId", heir.id));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("ownerId").asString()).isEqualTo(heir.id);
        assertThat(owner.api.get("/api/groups/" + groupId).json().get("role").asString())
                .isEqualTo("ADMIN");
        assertThat(owner.api.delete(member(groupId, owner)).status())
                .as("now free to leave")
                .isEqualTo(204);
    }

    @Test
    void aDismissedGroupAnswers404Everywhere() {
        User owner = user("d");
        User member = user("dm");
        String groupId = group(owner, member);

        assertProblem(member.api.delete("/api/groups/" + groupId), 403, "FORBIDDEN");
        assertThat(owner.api.delete("/api/groups/" + groupId).status()).isEqualTo(204);

        assertProblem(owner.api.get("/api/groups/" + groupId), 404, "NOT_FOUND");
        assertProblem(member.api.get("/api/groups/" + groupId + "/members"), 404, "NOT_FOUND");
        assertProblem(owner.api.patch("/api/groups/" + groupId, json("name", "x")), 404, "NOT_FOUND");
        assertProblem(owner.api.delete("/api/groups/" + groupId), 404, "NOT_FOUND");
        assertThat(ids(member.api.get("/api/groups"), "id")).doesNotContain(groupId);
        assertThat(verdict(member, groupId)).isEqualTo(Verdict.VERDICT_GROUP_NOT_FOUND);
        assertThat(events(groupId, GroupEvent.EventCase.DISMISSED).getLast().getRecipientIdsList())
                .containsExactlyInAnyOrder(owner.id, member.id);
    }

    @Test
    void sendChecksAnswerOnlyAboutTheCaller() {
        User owner = user("s");
        User other = user("so");
        String groupId = group(owner, other);
        var asOwner =
                GroupServiceGrpc.newBlockingStub(groupChannel).withCallCredentials(new BearerCredentials(owner.token));

        try {
            asOwner.checkSend(CheckSendRequest.newBuilder()
                    .setGroupId(groupId)
                    .setUserId(other.id)
                    .build());
            throw new AssertionError("answered about someone else");
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
    }

    @Test
    void membersListTheGroupsMemberIdsWithAVersionThatMovesOnEveryChange() {
        User owner = user("l");
        User member = user("lm");
        User later = user("ll");
        String groupId = group(owner, member);

        var before = grpc(member).listMemberIds(memberIds(groupId));
        assertThat(owner.api
                        .post("/api/groups/" + groupId + "/members", json("userIds", List.of(later.id)))
                        .status())
                .isEqualTo(200);
        var after = grpc(member).listMemberIds(memberIds(groupId));

        assertThat(before.getUserIdsList()).containsExactlyInAnyOrder(owner.id, member.id);
        assertThat(after.getUserIdsList()).containsExactlyInAnyOrder(owner.id, member.id, later.id);
        assertThat(after.getVersion()).isGreaterThan(before.getVersion());
        var outsider = assertThrows(
                StatusRuntimeException.class, () -> grpc(user("lo")).listMemberIds(memberIds(groupId)));
        assertThat(outsider.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(outsider.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("NOT_GROUP_MEMBER");
    }

    @Test
    void listsTheCallersGroupsWithTheCallersRoleInEach() {
        User owner = user("m");
        User member = user("mm");
        String owned = group(owner, member);
        String joined = group(member, owner);

        var groups = grpc(owner)
                .listMyGroups(ListMyGroupsRequest.getDefaultInstance())
                .getGroupsList();

        assertThat(groups)
                .extracting(g -> g.getId() + " " + g.getMyRole())
                .containsExactlyInAnyOrder(owned + " ROLE_OWNER", joined + " ROLE_MEMBER");
        assertThat(grpc(user("mo"))
                        .listMyGroups(ListMyGroupsRequest.getDefaultInstance())
                        .getGroupsList())
                .isEmpty();
    }

    private static GroupServiceGrpc.GroupServiceBlockingStub grpc(User user) {
        return GroupServiceGrpc.newBlockingStub(groupChannel).withCallCredentials(new BearerCredentials(user.token));
    }

    private static ListMemberIdsRequest memberIds(String groupId) {
        return ListMemberIdsRequest.newBuilder().setGroupId(groupId).build();
    }

    @Test
    void aDeletedUsersGroupsPassToTheLongestStandingAdminOrMemberOnceThoughTheEventComesTwice() {
        User gone = user("gone");
        User firstAdmin = user("admin1");
        User laterAdmin = user("admin2");
        User plain = user("plain");
        User firstMember = user("member1");
        User laterMember = user("member2");
        String team = group(gone, firstAdmin, plain);
        assertThat(gone.api
                        .post("/api/groups/" + team + "/members", json("userIds", List.of(laterAdmin.id)))
                        .status())
                .isEqualTo(200);
        for (User admin : List.of(laterAdmin, firstAdmin)) {
            assertThat(gone.api
                            .patch(member(team, admin), json("role", "ADMIN"))
                            .status())
                    .isEqualTo(200);
        }
        String noAdmins = group(gone, firstMember);
        assertThat(gone.api
                        .post("/api/groups/" + noAdmins + "/members", json("userIds", List.of(laterMember.id)))
                        .status())
                .isEqualTo(200);
        String alone = group(gone);
        String joined = group(plain, gone);
        byte[] deleted = UserEvents.deleted(gone.id);

        TestKafka.send(Engines.shared().kafka().bootstrapServers(), Topics.USERS, gone.id, deleted);
        TestKafka.send(Engines.shared().kafka().bootstrapServers(), Topics.USERS, gone.id, deleted);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(firstAdmin
                            .api
                            .get("/api/groups/" + team)
                            .json()
                            .get("ownerId")
                            .asString())
                    .isEqualTo(firstAdmin.id);
            assertThat(ids(firstAdmin.api.get("/api/groups/" + team + "/members"), "userId"))
                    .containsExactlyInAnyOrder(firstAdmin.id, laterAdmin.id, plain.id);
            assertThat(firstMember
                            .api
                            .get("/api/groups/" + noAdmins)
                            .json()
                            .get("ownerId")
                            .asString())
                    .isEqualTo(firstMember.id);
            assertThat(ids(plain.api.get("/api/groups/" + joined + "/members"), "userId"))
                    .containsExactly(plain.id);
            assertThat(ids(gone.api.get("/api/groups"), "id")).isEmpty();
        });
        assertThat(events(alone, GroupEvent.EventCase.DISMISSED)).isNotEmpty();
        // the repeat changed nothing: one MEMBER_LEFT, one ROLE_CHANGED to the new owner
        List<GroupEvent> teamEvents = new ArrayList<>();
        for (byte[] value : TestKafka.readAll(
                Engines.shared().kafka().bootstrapServers(), Topics.GROUPS, team, Duration.ofSeconds(3))) {
            try {
                teamEvents.add(GroupEvent.parseFrom(value));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(teamEvents)
                .filteredOn(GroupEvent::hasMemberLeft)
                .singleElement()
                .satisfies(
                        event -> assertThat(event.getMemberLeft().getUserId()).isEqualTo(gone.id));
        assertThat(teamEvents)
                .filteredOn(event -> event.hasRoleChanged()
                        && event.getRoleChanged().getRole() == im.relay.proto.group.v1.Role.ROLE_OWNER)
                .singleElement()
                .satisfies(
                        event -> assertThat(event.getRoleChanged().getUserId()).isEqualTo(firstAdmin.id));
    }

    record User(String id, String name, ApiClient api, String token) {

        ApiClient friends() {
            return new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(GroupServiceIT.friends)))
                    .withToken(token);
        }
    }

    private static void block(User blocker, User blocked) {
        assertThat(blocker.friends()
                        .put("/api/friends/blocks/" + blocked.id, "")
                        .status())
                .isEqualTo(204);
    }

    private User user(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = users.register(name);
        String token = tokens.accessToken(id);
        return new User(id, name, api.withToken(token), token);
    }

    private static String group(User owner, User... members) {
        List<String> ids = new ArrayList<>();
        for (User member : members) {
            ids.add(member.id);
        }
        ApiClient.Reply created = owner.api.post("/api/groups", json("name", "g", "memberIds", ids));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String member(String groupId, User user) {
        return "/api/groups/" + groupId + "/members/" + user.id;
    }

    private static Verdict verdict(User user, String groupId) {
        return GroupServiceGrpc.newBlockingStub(groupChannel)
                .withCallCredentials(new BearerCredentials(user.token))
                .checkSend(CheckSendRequest.newBuilder()
                        .setGroupId(groupId)
                        .setUserId(user.id)
                        .build())
                .getVerdict();
    }

    /** The group's events on Kafka, read until one of the {@code wanted} kind arrives. */
    private static List<GroupEvent> events(String groupId, GroupEvent.EventCase wanted) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                Engines.shared().kafka().bootstrapServers(),
                "group.id",
                "group-it-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest");
        List<GroupEvent> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("relay.groups"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(groupId)) {
                        try {
                            found.add(GroupEvent.parseFrom(record.value()));
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                return found.stream().anyMatch(event -> event.getEventCase() == wanted);
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
