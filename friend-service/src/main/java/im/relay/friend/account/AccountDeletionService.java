package im.relay.friend.account;

import im.relay.friend.block.BlockService;
import im.relay.friend.friendship.FriendshipService;
import im.relay.friend.request.FriendRequestRepository;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A deleted account (UserDeleted on {@code relay.users}) leaves the friend graph: its friendships end (each friend is
 * told, as when a friend deletes them), its blocks both ways go, its requests both ways are deleted. All in one
 * transaction; a repeat finds nothing left and publishes nothing.
 */
@Service
public class AccountDeletionService {

    private final FriendshipService friendships;
    private final BlockService blocks;
    private final FriendRequestRepository requests;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AccountDeletionService(
            FriendshipService friendships,
            BlockService blocks,
            FriendRequestRepository requests,
            TransactionTemplate transaction,
            Clock clock) {
        this.friendships = friendships;
        this.blocks = blocks;
        this.requests = requests;
        this.transaction = transaction;
        this.clock = clock;
    }

    public void forgetDeletedUser(UUID user) {
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        transaction.executeWithoutResult(status -> {
            friendships.endAllOf(user, now);
            blocks.liftAllOf(user, now);
            requests.deleteAllOf(user);
        });
    }
}
