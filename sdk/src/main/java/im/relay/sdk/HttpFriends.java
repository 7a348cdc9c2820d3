package im.relay.sdk;

import static im.relay.sdk.Http.fields;
import static im.relay.sdk.Http.segment;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The friend calls of {@link HttpRelayClient}: {@code /api/friends}. */
final class HttpFriends implements RelayClient.Friends {

    private final HttpRelayClient client;

    HttpFriends(HttpRelayClient client) {
        this.client = client;
    }

    @Override
    public FriendRequest request(String userId, String message) {
        return Http.read(
                client.call("POST", "/api/friends/requests", fields("userId", userId, "message", message)),
                FriendRequest.class);
    }

    @Override
    public List<FriendRequest> incoming() {
        return HttpRelayClient.items(client.fetch("/api/friends/requests?direction=incoming"), FriendRequest.class);
    }

    @Override
    public List<FriendRequest> outgoing() {
        return HttpRelayClient.items(client.fetch("/api/friends/requests?direction=outgoing"), FriendRequest.class);
    }

    @Override
    public void accept(String requestId) {
        client.call("POST", "/api/friends/requests/" + segment(requestId) + "/accept", null);
    }

    @Override
    public void reject(String requestId) {
        client.call("POST", "/api/friends/requests/" + segment(requestId) + "/reject", null);
    }

    @Override
    public List<Friend> list() {
        return HttpRelayClient.items(client.fetch("/api/friends"), Friend.class);
    }

    @Override
    public void setRemark(String userId, String remark) {
        client.call("PATCH", "/api/friends/" + segment(userId), fields("remark", remark));
    }

    @Override
    public void remove(String userId) {
        client.call("DELETE", "/api/friends/" + segment(userId), null);
    }

    @Override
    public List<User> blocked() {
        List<User> blocked = new ArrayList<>();
        for (JsonNode item : client.fetch("/api/friends/blocks").path("items")) {
            blocked.add(new User(
                    item.path("userId").asString(),
                    item.path("username").asString(null),
                    item.path("nickname").asString(null),
                    item.path("avatarUrl").asString(null),
                    null,
                    null));
        }
        return blocked;
    }

    @Override
    public void block(String userId) {
        client.call("PUT", "/api/friends/blocks/" + segment(userId), null);
    }

    @Override
    public void unblock(String userId) {
        client.call("DELETE", "/api/friends/blocks/" + segment(userId), null);
    }
}
