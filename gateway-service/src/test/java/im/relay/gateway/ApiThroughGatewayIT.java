package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every call of API.md's Auth, Users, Friends and Groups sections, as a client makes it: through the gateway. */
class ApiThroughGatewayIT extends GatewayTestBase {

    @Test
    void auth() {
        ApiClient anonymous = client();
        Account alice = register("alice");

        ApiClient.Reply login = anonymous.post(
                "/api/auth/login", json("username", alice.name(), "password", "password1", "platform", "DESKTOP"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.json().get("user").get("id").asString()).isEqualTo(alice.id());

        ApiClient.Reply refreshed = anonymous.post("/api/auth/refresh", json("refreshToken", alice.refreshToken()));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertProblem(
                anonymous.post("/api/auth/refresh", json("refreshToken", alice.refreshToken())), 401, "TOKEN_REUSED");

        assertThat(anonymous.get("/api/auth/jwks").json().get("keys")).isNotEmpty();

        String token = login.json().get("accessToken").asString();
        assertThat(anonymous.withToken(token).post("/api/auth/logout", "{}").status())
                .isEqualTo(204);
        assertProblem(anonymous.withToken(token).get("/api/users/me"), 401, "UNAUTHORIZED");
    }

    @Test
    void users() {
        Account bob = register("bob");
        Account carol = register("carol");

        assertThat(bob.api().get("/api/users/me").json().get("username").asString())
                .isEqualTo(bob.name());
        assertThat(bob.api()
                        .patch("/api/users/me", json("nickname", "Bobby"))
                        .json()
                        .get("nickname")
                        .asString())
                .isEqualTo("Bobby");
        assertThat(bob.api()
                        .put("/api/users/me/password", json("currentPassword", "password1", "newPassword", "password2"))
                        .status())
                .isEqualTo(204);
        assertThat(carol.api()
                        .get("/api/users/" + bob.id())
                        .json()
                        .get("nickname")
                        .asString())
                .isEqualTo("Bobby");
        assertThat(carol.api()
                        .get("/api/users?username=" + bob.name())
                        .json()
                        .get("id")
                        .asString())
                .isEqualTo(bob.id());
        ApiClient.Reply search = carol.api().get("/api/users/search?q=" + bob.name() + "&limit=20&offset=0");
        assertThat(search.json().get("total").asInt()).isEqualTo(1);
        assertThat(search.json().get("items").get(0).get("id").asString()).isEqualTo(bob.id());
    }

    @Test
    void friends() {
        Account dave = register("dave");
        Account erin = register("erin");

        ApiClient.Reply sent = dave.api().post("/api/friends/requests", json("userId", erin.id(), "message", "hey"));
        assertThat(sent.status()).isEqualTo(201);
        String requestId = sent.json().get("id").asString();
        assertThat(field(erin.api().get("/api/friends/requests?direction=incoming"), "id"))
                .containsExactly(requestId);
        assertThat(field(dave.api().get("/api/friends/requests?direction=outgoing"), "id"))
                .containsExactly(requestId);
        assertThat(erin.api()
                        .post("/api/friends/requests/" + requestId + "/accept", "")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("ACCEPTED");
        assertThat(field(dave.api().get("/api/friends"), "userId")).containsExactly(erin.id());
        assertThat(dave.api()
                        .patch("/api/friends/" + erin.id(), json("remark", "E"))
                        .json()
                        .get("remark")
                        .asString())
                .isEqualTo("E");
        assertThat(dave.api().put("/api/friends/blocks/" + erin.id(), "").status())
                .isEqualTo(204);
        assertThat(field(dave.api().get("/api/friends/blocks"), "userId")).containsExactly(erin.id());
        assertThat(dave.api().delete("/api/friends/blocks/" + erin.id()).status())
                .isEqualTo(204);
        assertThat(dave.api().delete("/api/friends/" + erin.id()).status()).isEqualTo(204);
        assertThat(field(erin.api().get("/api/friends"), "userId")).isEmpty();

        Account frank = register("frank");
        String second = frank.api()
                .post("/api/friends/requests", json("userId", erin.id()))
                .json()
                .get("id")
                .asString();
        assertThat(erin.api()
                        .post("/api/friends/requests/" + second + "/reject", "")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("REJECTED");
    }

    @Test
    void groups() {
        Account owner = register("owner");
        Account member = register("member");
        Account late = register("late");

        ApiClient.Reply created =
                owner.api().post("/api/groups", json("name", "Crew", "memberIds", List.of(member.id())));
        assertThat(created.status()).isEqualTo(201);
        String group = "/api/groups/" + created.json().get("id").asString();

        assertThat(field(member.api().get("/api/groups"), "role")).containsExactly("MEMBER");
        assertThat(member.api().get(group).json().get("name").asString()).isEqualTo("Crew");
        assertThat(field(member.api().get(group + "/members"), "userId")).containsExactly(owner.id(), member.id());
        assertThat(owner.api()
                        .patch(group, json("description", "d"))
                        .json()
                        .get("description")
                        .asString())
                .isEqualTo("d");
        assertThat(field(owner.api().post(group + "/members", json("userIds", List.of(late.id()))), "userId"))
                .containsExactly(late.id());
        assertThat(owner.api()
                        .patch(group + "/members/" + member.id(), json("role", "ADMIN"))
                        .json()
                        .get("role")
                        .asString())
                .isEqualTo("ADMIN");
        assertThat(member.api().delete(group + "/members/" + late.id()).status())
                .isEqualTo(204);
        assertThat(owner.api()
                        .post(group + "/owner", json("userId", member.id()))
                        .json()
                        .get("ownerId")
                        .asString())
                .isEqualTo(member.id());
        assertThat(member.api().delete(group).status()).isEqualTo(204);
        assertProblem(owner.api().get(group), 404, "NOT_FOUND");
    }

    private static List<String> field(ApiClient.Reply reply, String name) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        reply.json().get("items").forEach(item -> values.add(item.get(name).asString()));
        return values;
    }
}
