package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import im.relay.auth.session.SessionService;
import im.relay.common.error.RelayException;
import im.relay.common.testing.ApiClient;
import im.relay.group.group.GroupService;
import im.relay.messagegateway.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Account deletion across the real services: user-service deletes and publishes UserDeleted through its outbox;
 * auth-service, friend-service and group-service each do their part from relay.users.
 */
class AccountDeletionIT extends MessagingTestBase {

    @Test
    void deletingAnAccountEndsSessionsFriendshipsAndMembershipsAndKeepsItsMessages() {
        Account owner = register("owner");
        Account admin = register("admin");
        Account member = register("member");
        befriend(owner, member);
        befriend(owner, admin);
        String team = createGroup(owner, List.of(admin, member));
        assertThat(owner.api()
                        .patch("/api/groups/" + team + "/members/" + admin.id(), json("role", "ADMIN"))
                        .status())
                .isEqualTo(200);
        String solo = createGroup(owner, List.of());
        String others = createGroup(member, List.of(owner));
        assertThat(owner.api()
                        .put("/api/friends/blocks/" + register("pest").id(), "{}")
                        .status())
                .isEqualTo(204);
        String privateText = sendText(owner, "/api/chat/private/" + member.id() + "/messages", "hello member");
        String groupText = sendText(owner, "/api/chat/groups/" + team + "/messages", "hello team");
        long teamSeqBefore =
                history(admin, "/api/chat/groups/" + team + "/messages").size();

        try (WsClient socket = connectThroughGateway(owner, "WEB")) {
            socket.send("{\"type\":\"ping\",\"id\":\"open\"}");
            socket.await("pong", "id", "open");

            // a wrong password is INVALID_CREDENTIALS, counted as a failed login, and deletes nothing
            assertProblem(
                    owner.api().delete("/api/users/me", json("password", "wrong-password")),
                    401,
                    "INVALID_CREDENTIALS");
            assertProblem(owner.api().delete("/api/users/me", "{}"), 401, "INVALID_CREDENTIALS");
            assertThat(owner.api().get("/api/users/me").status()).isEqualTo(200);

            ApiClient.Reply deleted = owner.api().delete("/api/users/me", json("password", "password1"));
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

            // sessions end at once: the socket closes with 4002, the token is refused, the refresh token too
            assertThat(socket.awaitClose()).isEqualTo(4002);
        }
        assertThat(owner.api().get("/api/users/me").status()).isEqualTo(401);
        assertThat(client().post("/api/auth/refresh", json("refreshToken", owner.refreshToken()))
                        .status())
                .isEqualTo(401);
        assertProblem(
                client().post("/api/auth/login", json("username", owner.name(), "password", "password1")),
                401,
                "INVALID_CREDENTIALS");
        // a repeat with the same token: the token no longer works
        assertThat(owner.api()
                        .delete("/api/users/me", json("password", "password1"))
                        .status())
                .isEqualTo(401);

        // the profile is a placeholder; search and exact lookup no longer find the user
        JsonNode profile = member.api().get("/api/users/" + owner.id()).json();
        assertThat(profile.path("deleted").asBoolean()).isTrue();
        assertThat(profile.path("nickname").asString()).isEqualTo("Deleted user");
        assertThat(profile.path("username").asString()).isEmpty();
        assertThat(member.api()
                        .get("/api/users/search?q=" + owner.name())
                        .json()
                        .path("total")
                        .asLong())
                .isZero();
        assertThat(member.api().get("/api/users?username=" + owner.name()).status())
                .isEqualTo(404);
        // nobody can befriend or add the deleted user
        assertThat(member.api()
                        .post("/api/friends/requests", json("userId", owner.id()))
                        .status())
                .isEqualTo(404);

        // friend-service: the friendships are gone for both friends
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(friendIds(member)).doesNotContain(owner.id());
            assertThat(friendIds(admin)).doesNotContain(owner.id());
        });

        // group-service: the admin owns the team, the owner left it (a SYSTEM line says so); the solo group is
        // dismissed; the group the user only belonged to lost them
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode group = admin.api().get("/api/groups/" + team).json();
            assertThat(group.path("ownerId").asString()).isEqualTo(admin.id());
            assertThat(group.path("role").asString()).isEqualTo("OWNER");
            assertThat(memberIds(admin, team)).containsExactlyInAnyOrder(admin.id(), member.id());
            assertThat(memberIds(member, others)).containsExactly(member.id());
        });
        assertThatThrownBy(() -> system.groups.getBean(GroupService.class).snapshot(solo))
                .isInstanceOf(RelayException.class);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<JsonNode> lines = systemLines(admin, team);
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line.path("content").asString())
                            .contains("\"MEMBER_LEFT\"")
                            .contains(owner.id()));
        });

        // the messages stay, with the deleted user's id as sender
        assertThat(history(member, "/api/chat/private/" + owner.id() + "/messages"))
                .anySatisfy(message -> {
                    assertThat(message.path("id").asString()).isEqualTo(privateText);
                    assertThat(message.path("senderId").asString()).isEqualTo(owner.id());
                    assertThat(message.path("content").asString()).isEqualTo("hello member");
                });
        assertThat(history(admin, "/api/chat/groups/" + team + "/messages")).anySatisfy(message -> {
            assertThat(message.path("id").asString()).isEqualTo(groupText);
            assertThat(message.path("senderId").asString()).isEqualTo(owner.id());
        });

        // the username is free again (a new account, a new id)
        ApiClient.Reply again =
                client().post("/api/auth/register", json("username", owner.name(), "password", "password2"));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().path("user").path("id").asString()).isNotEqualTo(owner.id());

        // idempotence: each consumer's work, done again as a re-delivered event would, changes nothing
        long teamLines =
                history(admin, "/api/chat/groups/" + team + "/messages").size();
        assertThat(teamLines).isGreaterThan(teamSeqBefore);
        UUID ownerId = UUID.fromString(owner.id());
        assertThat(system.auth.getBean(SessionService.class).endAll(owner.id(), null, "ACCOUNT_DELETED"))
                .isZero();
        system.friends
                .getBean(im.relay.friend.account.AccountDeletionService.class)
                .forgetDeletedUser(ownerId);
        system.groups
                .getBean(im.relay.group.account.AccountDeletionService.class)
                .removeDeletedUser(ownerId);
        assertThat(admin.api().get("/api/groups/" + team).json().path("ownerId").asString())
                .isEqualTo(admin.id());
        assertThat(memberIds(admin, team)).containsExactlyInAnyOrder(admin.id(), member.id());
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(history(admin, "/api/chat/groups/" + team + "/messages"))
                        .hasSize((int) teamLines));
    }

    private static String sendText(Account sender, String path, String text) {
        ApiClient.Reply sent =
                sender.api().post(path, json("clientMsgId", newClientMsgId(), "contentType", "TEXT", "content", text));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        return sent.json().path("id").asString();
    }

    private static List<JsonNode> history(Account reader, String path) {
        ApiClient.Reply reply = reader.api().get(path + "?after=0&limit=200");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        reply.json().path("items").forEach(items::add);
        return items;
    }

    private static List<JsonNode> systemLines(Account reader, String groupId) {
        return history(reader, "/api/chat/groups/" + groupId + "/messages").stream()
                .filter(message -> "SYSTEM".equals(message.path("contentType").asString()))
                .toList();
    }

    private static List<String> friendIds(Account account) {
        List<String> ids = new ArrayList<>();
        account.api()
                .get("/api/friends")
                .json()
                .path("items")
                .forEach(f -> ids.add(f.path("userId").asString()));
        return ids;
    }

    private static List<String> memberIds(Account reader, String groupId) {
        List<String> ids = new ArrayList<>();
        reader.api()
                .get("/api/groups/" + groupId + "/members")
                .json()
                .path("items")
                .forEach(m -> ids.add(m.path("userId").asString()));
        return ids;
    }
}
