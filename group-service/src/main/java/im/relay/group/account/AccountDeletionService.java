package im.relay.group.account;

import im.relay.group.events.GroupEventPublisher;
import im.relay.group.group.Group;
import im.relay.group.group.GroupRepository;
import im.relay.group.membership.Member;
import im.relay.group.membership.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Deleted accounts leave their groups. */
@Service
public class AccountDeletionService {

    private final GroupRepository groups;
    private final GroupEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    AccountDeletionService(
            GroupRepository groups, GroupEventPublisher events, TransactionTemplate transaction, Clock clock) {
        this.groups = groups;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * A deleted account (UserDeleted on {@code relay.users}) leaves every group. A group it owned passes to the
     * longest-standing admin, else the longest-standing member, as a transfer would (ROLE_CHANGED and UPDATED
     * events), before the user leaves it (MEMBER_LEFT, so a SYSTEM line); a group where it was the last member is
     * dismissed. One transaction per group; a repeat finds no membership and changes nothing.
     */
    public void removeDeletedUser(UUID user) {
        for (Member membership : groups.membershipsOf(user)) {
            transaction.executeWithoutResult(status -> leave(membership.groupId(), user, now()));
        }
    }

    private void leave(UUID groupId, UUID user, Instant now) {
        Group group = groups.lock(groupId).orElse(null);
        Member member = group == null ? null : groups.member(groupId, user).orElse(null);
        if (member == null) {
            return;
        }
        List<Member> members = groups.members(groupId); // owner, then admins, then members, each by joined_at
        List<UUID> told = members.stream().map(Member::userId).toList();
        List<UUID> remaining = told.stream().filter(id -> !id.equals(user)).toList();
        UUID newOwner = null;
        if (member.role() == Role.OWNER) {
            if (remaining.isEmpty()) {
                groups.dismiss(groupId, now);
                events.dismissed(groupId, user, told, group.membershipVersion() + 1, now);
                return;
            }
            newOwner = remaining.getFirst();
            groups.setRole(groupId, newOwner, Role.OWNER);
            groups.setOwner(groupId, newOwner, now);
        }
        groups.removeMember(groupId, user);
        long version = groups.membershipChanged(groupId, now);
        if (newOwner != null) {
            events.roleChanged(groupId, user, newOwner, Role.OWNER, remaining, version, now);
            events.updated(groups.find(groupId).orElseThrow(), user, remaining, now);
        }
        events.left(groupId, user, told, version, now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
