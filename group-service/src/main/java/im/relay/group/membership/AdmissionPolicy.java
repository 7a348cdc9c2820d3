package im.relay.group.membership;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.group.GroupProperties;
import im.relay.userclient.UserClient;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Who may put whom into a group, at creation or later: within the member cap and the actor's rate limits, only users
 * who exist and have not blocked the actor (API.md: a block stops everything between the two; a group must not route around it).
 * One blocked user refuses the whole call, so that nobody ends up in a group other than the one the actor asked for.
 */
@Component
public class AdmissionPolicy {

    private final UserClient users;
    private final FriendClient friends;
    private final GroupRateLimiter limiter;
    private final LiveProperties<GroupProperties> properties;

    AdmissionPolicy(
            UserClient users,
            FriendClient friends,
            GroupRateLimiter limiter,
            LiveProperties<GroupProperties> properties) {
        this.users = users;
        this.friends = friends;
        this.limiter = limiter;
        this.properties = properties;
    }

    /** A group created by {@code creator} with {@code invited} in it (the creator excluded). */
    public void admitToNewGroup(UUID creator, Set<UUID> invited) {
        requireRoom(invited.size() + 1);
        GroupProperties.RateLimits current = properties.get().rateLimits();
        limiter.take("creates", creator, 1, current.creates(), current.window());
        admit(creator, invited, current);
    }

    /** {@code added} put into an existing group by {@code actor}. */
    public void admitToGroup(UUID actor, Set<UUID> added) {
        admit(actor, added, properties.get().rateLimits());
    }

    /** GROUP_FULL when a group of {@code members} would pass the member cap. */
    public void requireRoom(int members) {
        int max = properties.get().limits().maxMembers();
        if (members > max) {
            throw new RelayException(ErrorCode.GROUP_FULL, "a group has at most " + max + " members");
        }
    }

    private void admit(UUID actor, Set<UUID> added, GroupProperties.RateLimits current) {
        if (added.isEmpty()) {
            return;
        }
        // counted before the lookups, so that the limit also bounds probing for who blocked the actor
        limiter.take("member-adds", actor, added.size(), current.memberAdds(), current.window());
        users.requireAllExist(added);
        Set<UUID> blockers = friends.blockersAmong(added);
        if (!blockers.isEmpty()) {
            throw new RelayException(
                    ErrorCode.BLOCKED,
                    "these users have blocked you and cannot be added: "
                            + blockers.stream().map(UUID::toString).sorted().collect(Collectors.joining(", ")));
        }
    }
}
