package im.relay.friend.friendship;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.friend.ClientIds;
import im.relay.friend.block.BlockRepository;
import im.relay.friend.events.FriendEventPublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Friendships themselves: who stands how with whom, becoming friends and ending it. */
@Service
public class FriendshipService {

    private final FriendshipRepository friendships;
    private final BlockRepository blocks;
    private final FriendEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    FriendshipService(
            FriendshipRepository friendships,
            BlockRepository blocks,
            FriendEventPublisher events,
            TransactionTemplate transaction,
            Clock clock) {
        this.friendships = friendships;
        this.blocks = blocks;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** How {@code a} and {@code b} stand now, uncached: a block either way outweighs a friendship. */
    public MessagingPolicy.Verdict standing(UUID a, UUID b) {
        if (blocks.blockedEitherWay(a, b)) {
            return MessagingPolicy.Verdict.BLOCKED;
        }
        return friendships.areFriends(a, b) ? MessagingPolicy.Verdict.ALLOWED : MessagingPolicy.Verdict.NOT_FRIENDS;
    }

    /** In the caller's transaction: {@code actor} accepted {@code requester}, and both are friends from now. */
    public void befriend(UUID actor, UUID requester, Instant at) {
        friendships.befriend(requester, actor, at);
        events.accepted(actor, requester, at);
    }

    /** Ends the friendship for both sides. */
    public void delete(String me, String friendId) {
        UUID user = ClientIds.parse(me);
        UUID friend = ClientIds.tryParse(friendId).orElseThrow(() -> notAFriend(friendId));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        transaction.executeWithoutResult(status -> {
            if (!friendships.unfriend(user, friend)) {
                throw notAFriend(friendId);
            }
            events.deleted(user, friend, now);
        });
    }

    /** In the caller's transaction: a deleted account's friendships end, each friend told as after a deletion. */
    public void endAllOf(UUID user, Instant at) {
        for (FriendshipRepository.Link link : friendships.friendsOf(user)) {
            if (friendships.unfriend(user, link.friendId())) {
                events.deleted(user, link.friendId(), at);
            }
        }
    }

    static RelayException notAFriend(String friendId) {
        return new RelayException(ErrorCode.NOT_FOUND, "no friend " + friendId);
    }
}
