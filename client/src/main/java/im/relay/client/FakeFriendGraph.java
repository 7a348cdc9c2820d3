package im.relay.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Friend requests, friendships and blocks of a {@link FakeRelayServer}, with friend-service's rules. */
final class FakeFriendGraph {

    private record Link(String remark, Instant since) {}

    private final FakeRelayServer server;
    private final Map<String, FriendRequest> requests = new LinkedHashMap<>(); // oldest first
    private final Map<String, Map<String, Link>> links = new HashMap<>(); // user → friend → link, oldest first
    private final Map<String, Map<String, Instant>> blocks = new HashMap<>(); // blocker → blocked, oldest first

    FakeFriendGraph(FakeRelayServer server) {
        this.server = server;
    }

    /** Asks {@code to}; if they had asked first, both are friends at once and the answer is ACCEPTED. */
    FriendRequest request(String me, String to, String message) {
        if (me.equals(to)) {
            throw FakeRelayServer.invalid("you cannot befriend yourself");
        }
        String text = message == null ? "" : message.strip();
        if (FakeRelayServer.length(text) > 200) {
            throw FakeRelayServer.invalid("message must be at most 200 characters");
        }
        server.accounts.requireExists(to);
        if (blockedEitherWay(me, to)) {
            throw FakeRelayServer.forbidden("BLOCKED", "a block stands between you and this user");
        }
        if (areFriends(me, to)) {
            throw FakeRelayServer.conflict("ALREADY_FRIENDS", "you are already friends");
        }
        if (pending(me, to) != null) {
            throw FakeRelayServer.conflict("REQUEST_PENDING", "you already asked this user");
        }
        FriendRequest theirs = pending(to, me);
        Instant now = server.now();
        FriendRequest request =
                new FriendRequest(FakeRelayServer.newId(), me, to, text, theirs != null ? "ACCEPTED" : "PENDING", now);
        requests.put(request.id(), request);
        if (theirs != null) {
            decide(theirs, "ACCEPTED");
            befriend(me, to, now);
            server.sessions.notify(Set.of(to), "FRIEND_ACCEPTED", Map.of("userId", me));
        } else {
            server.sessions.notify(Set.of(to), "FRIEND_REQUEST", Map.of("request", data(request)));
        }
        return request;
    }

    List<FriendRequest> pendingRequests(String me, boolean incoming) {
        List<FriendRequest> found = new ArrayList<>();
        for (FriendRequest request : requests.values()) {
            if (request.status().equals("PENDING")
                    && (incoming ? request.toUserId() : request.fromUserId()).equals(me)) {
                found.add(request);
            }
        }
        Collections.reverse(found); // newest first
        return found;
    }

    /** Only the addressee may; to anyone else the request does not exist. */
    void accept(String me, String requestId) {
        FriendRequest request = pendingTo(me, requestId);
        if (blockedEitherWay(request.fromUserId(), me)) {
            throw FakeRelayServer.forbidden("BLOCKED", "a block stands between you and this user");
        }
        decide(request, "ACCEPTED");
        befriend(request.fromUserId(), me, server.now());
        server.sessions.notify(Set.of(request.fromUserId()), "FRIEND_ACCEPTED", Map.of("userId", me));
    }

    void reject(String me, String requestId) {
        decide(pendingTo(me, requestId), "REJECTED");
    }

    List<Friend> list(String me) {
        List<Friend> friends = new ArrayList<>();
        linksOf(me).forEach((friendId, link) -> {
            User profile = server.accounts.get(friendId);
            boolean online = !blockedEitherWay(me, friendId) && server.sessions.online(friendId);
            friends.add(new Friend(
                    friendId,
                    profile.username(),
                    profile.nickname(),
                    profile.avatarUrl(),
                    link.remark(),
                    online,
                    link.since()));
        });
        return friends;
    }

    void setRemark(String me, String friendId, String remark) {
        String text = remark == null ? "" : remark.strip();
        if (FakeRelayServer.length(text) > 64) {
            throw FakeRelayServer.invalid("remark must be at most 64 characters");
        }
        Link link = linksOf(me).get(friendId);
        if (link == null) {
            throw FakeRelayServer.notFound("friend " + friendId);
        }
        links.get(me).put(friendId, new Link(text, link.since()));
    }

    /** Ends the friendship for both sides. */
    void remove(String me, String friendId) {
        if (linksOf(me).remove(friendId) == null) {
            throw FakeRelayServer.notFound("friend " + friendId);
        }
        linksOf(friendId).remove(me);
        server.sessions.notify(Set.of(friendId), "FRIEND_DELETED", Map.of("userId", me));
    }

    List<User> blocked(String me) {
        List<User> blocked = new ArrayList<>();
        for (String userId : blocks.getOrDefault(me, Map.of()).keySet()) {
            User profile = server.accounts.get(userId);
            blocked.add(new User(profile.id(), profile.username(), profile.nickname(), profile.avatarUrl(), null));
        }
        Collections.reverse(blocked); // newest first
        return blocked;
    }

    /** Idempotent; rejects the pending requests between the two and tells nobody. */
    void block(String me, String userId) {
        if (me.equals(userId)) {
            throw FakeRelayServer.invalid("you cannot block yourself");
        }
        server.accounts.requireExists(userId);
        Map<String, Instant> mine = blocks.computeIfAbsent(me, id -> new LinkedHashMap<>());
        if (mine.putIfAbsent(userId, server.now()) == null) {
            for (FriendRequest request : List.copyOf(requests.values())) {
                boolean between =
                        request.fromUserId().equals(me) && request.toUserId().equals(userId)
                                || request.fromUserId().equals(userId)
                                        && request.toUserId().equals(me);
                if (between && request.status().equals("PENDING")) {
                    decide(request, "REJECTED");
                }
            }
        }
    }

    void unblock(String me, String userId) {
        Map<String, Instant> mine = blocks.get(me);
        if (mine != null) {
            mine.remove(userId);
        }
    }

    boolean areFriends(String a, String b) {
        return linksOf(a).containsKey(b);
    }

    boolean blockedEitherWay(String a, String b) {
        return blocks.getOrDefault(a, Map.of()).containsKey(b)
                || blocks.getOrDefault(b, Map.of()).containsKey(a);
    }

    /** NOT_FRIENDS or BLOCKED unless {@code sender} may message {@code receiver} (the block is checked first). */
    void requireMessaging(String sender, String receiver) {
        if (blockedEitherWay(sender, receiver)) {
            throw FakeRelayServer.forbidden("BLOCKED", "one of you blocked the other");
        }
        if (!areFriends(sender, receiver)) {
            throw FakeRelayServer.forbidden("NOT_FRIENDS", "you can message friends only");
        }
    }

    /** The friends who see {@code userId}'s presence: no block either way. */
    Set<String> presenceAudience(String userId) {
        Set<String> audience = new LinkedHashSet<>();
        for (String friendId : linksOf(userId).keySet()) {
            if (!blockedEitherWay(userId, friendId)) {
                audience.add(friendId);
            }
        }
        return audience;
    }

    private Map<String, Link> linksOf(String userId) {
        return links.getOrDefault(userId, new LinkedHashMap<>());
    }

    private void befriend(String a, String b, Instant since) {
        links.computeIfAbsent(a, id -> new LinkedHashMap<>()).put(b, new Link("", since));
        links.computeIfAbsent(b, id -> new LinkedHashMap<>()).put(a, new Link("", since));
    }

    private FriendRequest pending(String from, String to) {
        for (FriendRequest request : requests.values()) {
            if (request.fromUserId().equals(from)
                    && request.toUserId().equals(to)
                    && request.status().equals("PENDING")) {
                return request;
            }
        }
        return null;
    }

    private FriendRequest pendingTo(String me, String requestId) {
        FriendRequest request = requestId == null ? null : requests.get(requestId);
        if (request == null
                || !request.toUserId().equals(me)
                || !request.status().equals("PENDING")) {
            throw FakeRelayServer.notFound("pending request " + requestId);
        }
        return request;
    }

    private void decide(FriendRequest request, String status) {
        requests.put(
                request.id(),
                new FriendRequest(
                        request.id(),
                        request.fromUserId(),
                        request.toUserId(),
                        request.message(),
                        status,
                        request.createdAt()));
    }

    /** A request as the FRIEND_REQUEST notification's JSON carries it. */
    private static Map<String, Object> data(FriendRequest request) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", request.id());
        data.put("fromUserId", request.fromUserId());
        data.put("toUserId", request.toUserId());
        data.put("message", request.message());
        data.put("status", request.status());
        data.put("createdAt", FakeRelayServer.json(request.createdAt()));
        return data;
    }
}
