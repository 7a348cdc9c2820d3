package im.relay.friend.block;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.friend.ClientIds;
import im.relay.friend.events.FriendEventPublisher;
import im.relay.friend.request.FriendRequestRepository;
import im.relay.userclient.UserClient;
import im.relay.userclient.UserProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Block lists. A block in either direction stops messages and friend requests both ways and hides presence; it
 * does not end a friendship, and pending requests between the two are rejected.
 */
@Service
public class BlockService {

    /** A user I blocked, with their public profile. */
    public record BlockedUser(UUID userId, String username, String nickname, String avatarUrl, Instant createdAt) {}

    private final BlockRepository blocks;
    private final FriendRequestRepository requests;
    private final FriendEventPublisher events;
    private final UserClient users;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BlockService(
            BlockRepository blocks,
            FriendRequestRepository requests,
            FriendEventPublisher events,
            UserClient users,
            TransactionTemplate transaction,
            Clock clock) {
        this.blocks = blocks;
        this.requests = requests;
        this.events = events;
        this.users = users;
        this.transaction = transaction;
        this.clock = clock;
    }

    public List<BlockedUser> blocked(String me) {
        List<BlockRepository.BlockedUser> blocked = blocks.blockedBy(ClientIds.parse(me));
        Map<UUID, UserProfile> profiles = users.profiles(
                blocked.stream().map(BlockRepository.BlockedUser::userId).toList());
        return blocked.stream()
                .map(b -> {
                    UserProfile profile = profiles.getOrDefault(b.userId(), UserProfile.unknown(b.userId()));
                    return new BlockedUser(
                            b.userId(), profile.username(), profile.nickname(), profile.avatarUrl(), b.since());
                })
                .toList();
    }

    /** Those among {@code userIds} who blocked me; an id that is no UUID names nobody. */
    public List<UUID> blockersAmong(String me, Collection<String> userIds) {
        List<UUID> ids = userIds.stream()
                .map(ClientIds::tryParse)
                .flatMap(Optional::stream)
                .distinct()
                .toList();
        return blocks.blockersAmong(ClientIds.parse(me), ids);
    }

    /** Idempotent. */
    public void block(String me, String userId) {
        UUID user = ClientIds.parse(me);
        UUID target = ClientIds.required(userId, "userId");
        if (user.equals(target)) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "you cannot block yourself");
        }
        users.requireExists(target);
        Instant now = now();
        transaction.executeWithoutResult(status -> {
            if (blocks.block(user, target, now)) {
                requests.rejectPendingBetween(user, target, now);
                events.blocked(user, target, now);
            }
        });
    }

    /** Idempotent. */
    public void unblock(String me, String userId) {
        UUID user = ClientIds.parse(me);
        UUID target = ClientIds.tryParse(userId).orElse(null);
        if (target == null) {
            return; // nobody by that id, so nobody blocked
        }
        Instant now = now();
        transaction.executeWithoutResult(status -> {
            if (blocks.unblock(user, target)) {
                events.unblocked(user, target, now);
            }
        });
    }

    /** In the caller's transaction: a deleted account's blocks go, both ways, each lifted as by an unblock. */
    public void liftAllOf(UUID user, Instant at) {
        for (BlockRepository.BlockedUser blocked : blocks.blockedBy(user)) {
            if (blocks.unblock(user, blocked.userId())) {
                events.unblocked(user, blocked.userId(), at);
            }
        }
        for (UUID blocker : blocks.blockersOf(user)) {
            if (blocks.unblock(blocker, user)) {
                events.unblocked(blocker, user, at);
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
