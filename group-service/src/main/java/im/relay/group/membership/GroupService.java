package im.relay.group.membership;

import im.relay.common.config.LiveProperties;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Groups themselves: create, read, settings, ownership and dismissal, always for the caller {@code me}. */
@Service
public class GroupService {

    /** One of my groups with my role in it. */
    public record MyGroup(Group group, Role role) {}

    private final GroupRepository groups;
    private final GroupEventPublisher events;
    private final MembershipCache cache;
    private final AdmissionPolicy admissions;
    private final LiveProperties<GroupLimits> limits;
    private final TransactionTemplate transaction;
    private final Clock clock;

    GroupService(
            GroupRepository groups,
            GroupEventPublisher events,
            MembershipCache cache,
            AdmissionPolicy admissions,
            LiveProperties<GroupLimits> limits,
            TransactionTemplate transaction,
            Clock clock) {
        this.groups = groups;
        this.events = events;
        this.cache = cache;
        this.admissions = admissions;
        this.limits = limits;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Group create(String me, String name, String description, String avatarUrl, List<String> memberIds) {
        UUID owner = UUID.fromString(me);
        Instant now = now();
        Group draft = new Group(
                Ids.newUuid(),
                GroupRules.name(name),
                GroupRules.description(description),
                GroupRules.avatarUrl(avatarUrl),
                owner,
                0,
                false,
                0,
                now,
                now);
        Set<UUID> invited = new LinkedHashSet<>();
        for (String id : memberIds == null ? List.<String>of() : memberIds) {
            invited.add(GroupRules.userId(id));
        }
        invited.remove(owner);
        if (invited.size() + 1 > limits.get().maxMembers()) {
            throw new RelayException(
                    ErrorCode.GROUP_FULL, "a group has at most " + limits.get().maxMembers() + " members");
        }
        admissions.admitToNewGroup(owner, invited);
        return transaction.execute(status -> {
            groups.insert(draft);
            groups.addMember(new Member(draft.id(), owner, Role.OWNER, now, null));
            invited.forEach(id -> groups.addMember(new Member(draft.id(), id, Role.MEMBER, now, null)));
            groups.membershipChanged(draft.id(), now);
            Group group = groups.find(draft.id()).orElseThrow();
            if (!invited.isEmpty()) {
                events.invited(group, owner, invited, now);
            }
            return group;
        });
    }

    /** A group I belong to; 404 when there is none (or it was dismissed), 403 when I am not in it. */
    public MyGroup get(String me, String groupId) {
        UUID user = UUID.fromString(me);
        MembershipCache.Snapshot snapshot = snapshot(groupId);
        Member member = Optional.ofNullable(snapshot.members().get(user)).orElseThrow(GroupService::notAMember);
        return new MyGroup(snapshot.group(), member.role());
    }

    public List<MyGroup> mine(String me) {
        List<Member> memberships = groups.membershipsOf(UUID.fromString(me));
        if (memberships.isEmpty()) {
            return List.of();
        }
        Map<UUID, Group> byId = groups
                .findAll(memberships.stream().map(Member::groupId).toList())
                .stream()
                .collect(Collectors.toMap(Group::id, Function.identity()));
        List<MyGroup> mine = new ArrayList<>();
        for (Member membership : memberships) {
            Group group = byId.get(membership.groupId());
            if (group != null) {
                mine.add(new MyGroup(group, membership.role()));
            }
        }
        return mine;
    }

    /** Owner and admins; null leaves a field as it is. */
    public Group update(
            String me, String groupId, String name, String description, String avatarUrl, Boolean mutedAll) {
        UUID actor = UUID.fromString(me);
        Instant now = now();
        Group updated = transaction.execute(status -> {
            Group group = lock(groupId);
            requireRole(group.id(), actor, true);
            groups.update(
                    group.id(),
                    name == null ? group.name() : GroupRules.name(name),
                    description == null ? group.description() : GroupRules.description(description),
                    avatarUrl == null ? group.avatarUrl() : GroupRules.avatarUrl(avatarUrl),
                    mutedAll == null ? group.mutedAll() : mutedAll,
                    now);
            Group after = groups.find(group.id()).orElseThrow();
            events.updated(after, actor, memberIds(group.id()), now);
            return after;
        });
        cache.forget(updated.id());
        return updated;
    }

    /** Owner only; every later call on the group answers 404, and all former members are told. */
    public void dismiss(String me, String groupId) {
        UUID actor = UUID.fromString(me);
        Instant now = now();
        UUID id = transaction.execute(status -> {
            Group group = lock(groupId);
            Member member = requireRole(group.id(), actor, false);
            if (member.role() != Role.OWNER) {
                throw new RelayException(ErrorCode.FORBIDDEN, "only the owner may dismiss the group");
            }
            List<UUID> formerMembers = memberIds(group.id());
            groups.dismiss(group.id(), now);
            events.dismissed(group.id(), actor, formerMembers, group.membershipVersion() + 1, now);
            return group.id();
        });
        cache.forget(id);
    }

    /** Owner only: the new owner must be a member; the old owner becomes an admin. */
    public Group transfer(String me, String groupId, String newOwnerId) {
        UUID actor = UUID.fromString(me);
        UUID target = GroupRules.userId(newOwnerId);
        Instant now = now();
        Group transferred = transaction.execute(status -> {
            Group group = lock(groupId);
            Member member = requireRole(group.id(), actor, false);
            if (member.role() != Role.OWNER) {
                throw new RelayException(ErrorCode.FORBIDDEN, "only the owner may transfer the group");
            }
            if (target.equals(actor)) {
                throw GroupRules.invalid("you already own this group");
            }
            groups.member(group.id(), target)
                    .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no member " + newOwnerId));
            groups.setRole(group.id(), target, Role.OWNER);
            groups.setRole(group.id(), actor, Role.ADMIN);
            groups.setOwner(group.id(), target, now);
            long version = groups.membershipChanged(group.id(), now);
            List<UUID> members = memberIds(group.id());
            events.roleChanged(group.id(), actor, target, Role.OWNER, members, version, now);
            events.roleChanged(group.id(), actor, actor, Role.ADMIN, members, version, now);
            Group after = groups.find(group.id()).orElseThrow();
            events.updated(after, actor, members, now);
            return after;
        });
        cache.forget(transferred.id());
        return transferred;
    }

    /**
     * A deleted account (UserDeleted on {@code relay.users}) leaves every group. A group it owned passes to the
     * longest-standing admin, else the longest-standing member, as a transfer would (ROLE_CHANGED and UPDATED
     * events), before the user leaves it (MEMBER_LEFT, so a SYSTEM line); a group where it was the last member is
     * dismissed. One transaction per group; a repeat finds no membership and changes nothing.
     */
    public void removeDeletedUser(UUID user) {
        for (Member membership : groups.membershipsOf(user)) {
            UUID id = transaction.execute(status -> leaveForDeletedUser(membership.groupId(), user, now()));
            if (id != null) {
                cache.forget(id);
            }
        }
    }

    /** The group's id when something changed, else null. */
    private UUID leaveForDeletedUser(UUID groupId, UUID user, Instant now) {
        Group group = groups.lock(groupId).orElse(null);
        Member member = group == null ? null : groups.member(groupId, user).orElse(null);
        if (member == null) {
            return null;
        }
        List<Member> members = groups.members(groupId); // owner, then admins, then members, each by joined_at
        List<UUID> told = members.stream().map(Member::userId).toList();
        List<UUID> remaining = told.stream().filter(id -> !id.equals(user)).toList();
        UUID newOwner = null;
        if (member.role() == Role.OWNER) {
            if (remaining.isEmpty()) {
                groups.dismiss(groupId, now);
                events.dismissed(groupId, user, told, group.membershipVersion() + 1, now);
                return groupId;
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
        return groupId;
    }

    /** For the send path: the caller's membership, or NOT_FOUND / NOT_GROUP_MEMBER. */
    public MembershipCache.Snapshot snapshot(String groupId) {
        UUID id = GroupRules.id(groupId).orElseThrow(() -> GroupRules.noGroup(groupId));
        return cache.get(id).orElseThrow(() -> GroupRules.noGroup(groupId));
    }

    Group lock(String groupId) {
        UUID id = GroupRules.id(groupId).orElseThrow(() -> GroupRules.noGroup(groupId));
        return groups.lock(id).orElseThrow(() -> GroupRules.noGroup(groupId));
    }

    /** The caller's membership; with {@code manage}, owner or admin only. */
    Member requireRole(UUID groupId, UUID userId, boolean manage) {
        Member member = groups.member(groupId, userId).orElseThrow(GroupService::notAMember);
        if (manage && !member.role().manages()) {
            throw new RelayException(ErrorCode.FORBIDDEN, "only the owner and admins may do this");
        }
        return member;
    }

    List<UUID> memberIds(UUID groupId) {
        return groups.members(groupId).stream().map(Member::userId).toList();
    }

    static RelayException notAMember() {
        return new RelayException(ErrorCode.NOT_GROUP_MEMBER, "you are not a member of this group");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
