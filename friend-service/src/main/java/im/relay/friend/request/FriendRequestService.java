package im.relay.friend.request;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import im.relay.common.validation.UserText;
import im.relay.friend.ClientIds;
import im.relay.friend.events.FriendEventPublisher;
import im.relay.friend.friendship.FriendshipService;
import im.relay.friend.friendship.MessagingPolicy;
import im.relay.userclient.UserClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Friend requests: asking, and the addressee's answer, always acting for {@code me}, the caller. */
@Service
public class FriendRequestService {

    static final int MESSAGE_MAX = 200;

    private final FriendRequestRepository requests;
    private final FriendshipService friendships;
    private final FriendEventPublisher events;
    private final UserClient users;
    private final TransactionTemplate transaction;
    private final Clock clock;

    FriendRequestService(
            FriendRequestRepository requests,
            FriendshipService friendships,
            FriendEventPublisher events,
            UserClient users,
            TransactionTemplate transaction,
            Clock clock) {
        this.requests = requests;
        this.friendships = friendships;
        this.events = events;
        this.users = users;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Asks {@code to} to be friends; if they already asked me, we are friends at once (status ACCEPTED). */
    public FriendRequest send(String me, String to, String message) {
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
        return transaction.execute(status -> {
            switch (friendships.standing(from, target)) {
                case BLOCKED -> throw blocked();
                case ALLOWED -> throw new RelayException(ErrorCode.ALREADY_FRIENDS, "you are already friends");
                case NOT_FRIENDS -> {}
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
                friendships.befriend(from, target, now);
            } else {
                events.requestSent(request, now);
            }
            return request;
        });
    }

    public List<FriendRequest> pending(String me, String direction) {
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
        return transaction.execute(status -> {
            FriendRequest request = pendingTo(addressee, requestId);
            if (friendships.standing(request.fromUserId(), addressee) == MessagingPolicy.Verdict.BLOCKED) {
                throw blocked();
            }
            requests.decide(request.id(), FriendRequest.Status.ACCEPTED, now);
            friendships.befriend(addressee, request.fromUserId(), now);
            return request.withStatus(FriendRequest.Status.ACCEPTED);
        });
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

    private static RelayException blocked() {
        return new RelayException(ErrorCode.BLOCKED, "a block stands between you and this user");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
