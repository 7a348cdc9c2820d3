package im.relay.group.group;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.id.Ids;
import im.relay.group.events.GroupEventPublisher;
import im.relay.group.membership.AdmissionPolicy;
import im.relay.group.membership.Member;
import im.relay.group.membership.MembershipCache;
import im.relay.group.membership.Role;
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
    private final TransactionTemplate transaction;
    private final Clock clock;

    GroupService(
            GroupRepository groups,
            GroupEventPublisher events,
            MembershipCache cache,
            AdmissionPolicy admissions,
            TransactionTemplate transaction,
            Clock clock) {
        this.groups = groups;
        this.events = events;
        this.cache = cache;
        this.admissions = admissions;
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
        Member member = Optional.ofNullable(snapshot.members().get(user)).orElseThrow(GroupRules::notAMember);
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
        return transaction.execute(status -> {
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
            events.updated(after, actor, groups.memberIds(group.id()), now);
            return after;
        });
    }

    /** Owner only; every later call on the group answers 404, and all former members are told. */
    public void dismiss(String me, String groupId) {
        UUID actor = UUID.fromString(me);
        Instant now = now();
        transaction.executeWithoutResult(status -> {
            Group group = lock(groupId);
            Member member = requireRole(group.id(), actor, false);
            if (member.role() != Role.OWNER) {
                throw new RelayException(ErrorCode.FORBIDDEN, "only the owner may dismiss the group");
            }
            List<UUID> formerMembers = groups.memberIds(group.id());
            groups.dismiss(group.id(), now);
            events.dismissed(group.id(), actor, formerMembers, group.membershipVersion() + 1, now);
        });
    }

    /** Owner only: the new owner must be a member; the old owner becomes an admin. */
    public Group transfer(String me, String groupId, String newOwnerId) {
        UUID actor = UUID.fromString(me);
        UUID target = GroupRules.userId(newOwnerId);
        Instant now = now();
        return transaction.execute(status -> {
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
            List<UUID> members = groups.memberIds(group.id());
            events.roleChanged(group.id(), actor, target, Role.OWNER, members, version, now);
            events.roleChanged(group.id(), actor, actor, Role.ADMIN, members, version, now);
            Group after = groups.find(group.id()).orElseThrow();
            events.updated(after, actor, members, now);
            return after;
        });
    }

    /** A group's cached membership; NOT_FOUND when there is no such group. */
    public MembershipCache.Snapshot snapshot(String groupId) {
        UUID id = GroupRules.id(groupId).orElseThrow(() -> GroupRules.noGroup(groupId));
        return cache.get(id).orElseThrow(() -> GroupRules.noGroup(groupId));
    }

    private Group lock(String groupId) {
        return GroupRules.lock(groups, groupId);
    }

    private Member requireRole(UUID groupId, UUID userId, boolean manage) {
        return GroupRules.requireMember(groups, groupId, userId, manage);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
