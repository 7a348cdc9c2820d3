package im.relay.friend.graph;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import im.relay.common.validation.UserText;
import im.relay.userclient.UserClient;
import im.relay.userclient.UserProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Friend requests and friendships, always acting for {@code me}, the caller. */
@Service
public class FriendService {

    static final int MESSAGE_MAX = 200;
    static final int REMARK_MAX = 64;

    private final FriendRequestRepository requests;
    private final FriendshipRepository graph;
    private final FriendEventPublisher events;
    private final MessagingPolicy policy;
    private final UserClient users;
    private final PresenceClient presence;
    private final TransactionTemplate transaction;
    private final Clock clock;

    FriendService(
            FriendRequestRepository requests,
            FriendshipRepository graph,
            FriendEventPublisher events,
            MessagingPolicy policy,
            UserClient users,
            PresenceClient presence,
            TransactionTemplate transaction,
            Clock clock) {
        this.requests = requests;
        this.graph = graph;
        this.events = events;
        this.policy = policy;
        this.users = users;
        this.presence = presence;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Asks {@code to} to be friends; if they already asked me, we are friends at once (status ACCEPTED). */
    public FriendRequest sendRequest(String me, String to, String message) {
        UUID from = ClientIds.parse(me);
        UUID target = ClientIds.required(to, "userId");
        if (from.equals(target)) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "you cannot befriend yourself");
        }
        String text = message == null ? "" : UserText.plain("message", message).strip();
        if (text.codePointCount(0, text.length()) > MESSAGE_MAX) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "message must be at most 200 characters");
        }
        users.requireExists(target);
        Instant now = now();
        FriendRequest sent = transaction.execute(status -> {
            if (graph.blockedEitherWay(from, target)) {
                throw new RelayException(ErrorCode.BLOCKED, "a block stands between you and this user");
            }
            if (graph.areFriends(from, target)) {
                throw new RelayException(ErrorCode.ALREADY_FRIENDS, "you are already friends");
            }
            if (requests.lockPending(from, target).isPresent()) {
                throw new RelayException(ErrorCode.REQUEST_PENDING, "you already asked this user");
            }
            Optional<FriendRequest> theirs = requests.lockPending(target, from);
            FriendRequest request = new FriendRequest(
                    Ids.newUuid(),
                    from,
                    target,
                    text,
                    theirs.isPresent() ? FriendRequest.Status.ACCEPTED : FriendRequest.Status.PENDING,
                    now);
            requests.insert(request);
            if (theirs.isPresent()) {
                requests.decide(theirs.get().id(), FriendRequest.Status.ACCEPTED, now);
                graph.befriend(from, target, now);
                events.accepted(from, target, now);
            } else {
                events.requestSent(request, now);
            }
            return request;
        });
        policy.forget(from, target);
        return sent;
    }

    public List<FriendRequest> pendingRequests(String me, String direction) {
        boolean incoming = direction == null || direction.equalsIgnoreCase("incoming");
        if (!incoming && !direction.equalsIgnoreCase("outgoing")) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "direction must be incoming or outgoing");
        }
        return requests.pending(ClientIds.parse(me), incoming);
    }

    /** Only the addressee may accept; to anyone else the request does not exist. */
    public FriendRequest accept(String me, String requestId) {
        UUID addressee = ClientIds.parse(me);
        Instant now = now();
        FriendRequest accepted = transaction.execute(status -> {
            FriendRequest request = pendingTo(addressee, requestId);
            if (graph.blockedEitherWay(request.fromUserId(), addressee)) {
                throw new RelayException(ErrorCode.BLOCKED, "a block stands between you and this user");
            }
            requests.decide(request.id(), FriendRequest.Status.ACCEPTED, now);
            graph.befriend(request.fromUserId(), addressee, now);
            events.accepted(addressee, request.fromUserId(), now);
            return request.withStatus(FriendRequest.Status.ACCEPTED);
        });
        policy.forget(accepted.fromUserId(), addressee);
        return accepted;
    }

    public FriendRequest reject(String me, String requestId) {
        UUID addressee = ClientIds.parse(me);
        Instant now = now();
        return transaction.execute(status -> {
            FriendRequest request = pendingTo(addressee, requestId);
            requests.decide(request.id(), FriendRequest.Status.REJECTED, now);
            return request.withStatus(FriendRequest.Status.REJECTED);
        });
    }

    private FriendRequest pendingTo(UUID addressee, String requestId) {
        return ClientIds.tryParse(requestId)
                .flatMap(requests::lockById)
                .filter(request -> request.toUserId().equals(addressee))
                .filter(request -> request.status() == FriendRequest.Status.PENDING)
                .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no pending request " + requestId));
    }

    public List<Friend> friends(String me) {
        List<FriendshipRepository.Link> links = graph.friendsOf(ClientIds.parse(me));
        List<UUID> ids = links.stream().map(FriendshipRepository.Link::friendId).toList();
        Map<UUID, UserProfile> profiles = users.profiles(ids);
        Set<UUID> online = presence.online(presenceAudience(me));
        return links.stream()
                .map(link -> {
                    UserProfile profile = profiles.getOrDefault(link.friendId(), UserProfile.unknown(link.friendId()));
                    return new Friend(
                            link.friendId(),
                            profile.username(),
                            profile.nickname(),
                            profile.avatarUrl(),
                            link.remark(),
                            online.contains(link.friendId()),
                            link.since());
                })
                .toList();
    }

    /** My friends who may see my presence (no block either way). */
    public List<UUID> presenceAudience(String me) {
        return graph.presenceAudience(ClientIds.parse(me));
    }

    public Friend setRemark(String me, String friendId, String remark) {
        String text = remark == null ? "" : UserText.plain("remark", remark).strip();
        if (text.codePointCount(0, text.length()) > REMARK_MAX) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "remark must be at most 64 characters");
        }
        UUID friend = ClientIds.tryParse(friendId).orElseThrow(() -> notAFriend(friendId));
        if (!graph.setRemark(ClientIds.parse(me), friend, text)) {
            throw notAFriend(friendId);
        }
        return friends(me).stream()
                .filter(f -> f.userId().equals(friend))
                .findFirst()
                .orElseThrow(() -> notAFriend(friendId));
    }

    /** Ends the friendship for both sides. */
    public void delete(String me, String friendId) {
        UUID user = ClientIds.parse(me);
        UUID friend = ClientIds.tryParse(friendId).orElseThrow(() -> notAFriend(friendId));
        Instant now = now();
        transaction.executeWithoutResult(status -> {
            if (!graph.unfriend(user, friend)) {
                throw notAFriend(friendId);
            }
            events.deleted(user, friend, now);
        });
        policy.forget(user, friend);
    }

    /**
     * A deleted account (UserDeleted on {@code relay.users}): its friendships end (each friend is told, as when
     * a friend deletes them), its blocks both ways go, its requests both ways are deleted. All in one transaction;
     * a repeat finds nothing left and publishes nothing.
     */
    public void forgetDeletedUser(UUID user) {
        Instant now = now();
        List<UUID> touched = transaction.execute(status -> {
            List<UUID> others = new ArrayList<>();
            for (FriendshipRepository.Link link : graph.friendsOf(user)) {
                if (graph.unfriend(user, link.friendId())) {
                    events.deleted(user, link.friendId(), now);
                    others.add(link.friendId());
                }
            }
            for (FriendshipRepository.BlockedUser blocked : graph.blockedBy(user)) {
                if (graph.unblock(user, blocked.userId())) {
                    events.unblocked(user, blocked.userId(), now);
                    others.add(blocked.userId());
                }
            }
            for (UUID blocker : graph.blockersOf(user)) {
                if (graph.unblock(blocker, user)) {
                    events.unblocked(blocker, user, now);
                    others.add(blocker);
                }
            }
            requests.deleteAllOf(user);
            return others;
        });
        touched.forEach(other -> policy.forget(user, other));
    }

    private static RelayException notAFriend(String friendId) {
        return new RelayException(ErrorCode.NOT_FOUND, "no friend " + friendId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
