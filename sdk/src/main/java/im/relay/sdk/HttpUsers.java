package im.relay.sdk;

import static im.relay.sdk.Http.fields;
import static im.relay.sdk.Http.query;
import static im.relay.sdk.Http.segment;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** The user calls of {@link HttpRelayClient}: {@code /api/users}. */
final class HttpUsers implements RelayClient.Users {

    private final HttpRelayClient client;

    HttpUsers(HttpRelayClient client) {
        this.client = client;
    }

    @Override
    public User me() {
        return Http.read(client.fetch("/api/users/me"), User.class);
    }

    @Override
    public User updateMe(String nickname, String avatarUrl, String email) {
        return Http.read(
                client.call(
                        "PATCH", "/api/users/me", fields("nickname", nickname, "avatarUrl", avatarUrl, "email", email)),
                User.class);
    }

    @Override
    public void changePassword(String currentPassword, String newPassword) {
        client.call(
                "PUT",
                "/api/users/me/password",
                fields("currentPassword", currentPassword, "newPassword", newPassword));
    }

    @Override
    public void deleteAccount(String password) {
        client.call("DELETE", "/api/users/me", fields("password", password));
    }

    @Override
    public User get(String userId) {
        return Http.read(client.fetch("/api/users/" + segment(userId)), User.class);
    }

    @Override
    public User byUsername(String username) {
        return Http.read(client.fetch("/api/users" + query("username", username)), User.class);
    }

    @Override
    public Page<User> search(String q, int limit, int offset) {
        JsonNode answer = client.fetch("/api/users/search" + query("q", q, "limit", limit, "offset", offset));
        List<User> found = HttpRelayClient.items(answer, User.class);
        long total = answer.path("total").asLong(found.size());
        return new Page<>(found, offset + found.size() < total, total);
    }
}
