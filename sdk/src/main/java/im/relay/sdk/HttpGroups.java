package im.relay.sdk;

import static im.relay.sdk.Http.fields;
import static im.relay.sdk.Http.segment;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The group calls of {@link HttpRelayClient}: {@code /api/groups}. */
final class HttpGroups implements RelayClient.Groups {

    private final HttpRelayClient client;

    HttpGroups(HttpRelayClient client) {
        this.client = client;
    }

    @Override
    public Group create(String name, String description, List<String> memberIds) {
        return Http.read(
                client.call(
                        "POST",
                        "/api/groups",
                        fields("name", name, "description", description, "memberIds", memberIds)),
                Group.class);
    }

    @Override
    public List<Group> mine() {
        return HttpRelayClient.items(client.fetch("/api/groups"), Group.class);
    }

    @Override
    public Group get(String groupId) {
        return Http.read(client.fetch("/api/groups/" + segment(groupId)), Group.class);
    }

    @Override
    public List<Member> members(String groupId) {
        return HttpRelayClient.items(client.fetch("/api/groups/" + segment(groupId) + "/members"), Member.class);
    }

    @Override
    public Group update(String groupId, String name, String description, Boolean mutedAll) {
        return Http.read(
                client.call(
                        "PATCH",
                        "/api/groups/" + segment(groupId),
                        fields("name", name, "description", description, "mutedAll", mutedAll)),
                Group.class);
    }

    @Override
    public void dismiss(String groupId) {
        client.call("DELETE", "/api/groups/" + segment(groupId), null);
    }

    @Override
    public List<Member> addMembers(String groupId, List<String> userIds) {
        return HttpRelayClient.items(
                client.call("POST", "/api/groups/" + segment(groupId) + "/members", fields("userIds", userIds)),
                Member.class);
    }

    @Override
    public void removeMember(String groupId, String userId) {
        client.call("DELETE", "/api/groups/" + segment(groupId) + "/members/" + segment(userId), null);
    }

    @Override
    public Member setRole(String groupId, String userId, String role) {
        return Http.read(
                client.call(
                        "PATCH",
                        "/api/groups/" + segment(groupId) + "/members/" + segment(userId),
                        fields("role", role)),
                Member.class);
    }

    @Override
    public Member mute(String groupId, String userId, Instant until) {
        Map<String, Object> body = new HashMap<>();
        body.put("mutedUntil", until == null ? null : until.toString());
        return Http.read(
                client.call("PATCH", "/api/groups/" + segment(groupId) + "/members/" + segment(userId), body),
                Member.class);
    }

    @Override
    public void transferOwnership(String groupId, String userId) {
        client.call("POST", "/api/groups/" + segment(groupId) + "/owner", fields("userId", userId));
    }
}
