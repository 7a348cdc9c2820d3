package im.relay.group.membership;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.group.events.GroupEventPublisher;
import im.relay.group.group.Group;
import im.relay.group.group.GroupRepository;
import im.relay.group.group.GroupRules;
import im.relay.group.membership.MemberListService.MemberView;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Changes to a group's members: who is in, and each one's role and mute. */
@Service
public class MemberService {

    /** A change to a member: absent fields stay, {@code unmute} clears the mute. */
    public record MemberChange(Role role, Instant mutedUntil, boolean unmute) {}

    private final GroupRepository groups;
    private final GroupEventPublisher events;
    private final AdmissionPolicy admissions;
    private final MemberListService list;
    private final TransactionTemplate transaction;
    private final Clock clock;

    MemberService(
            GroupRepository groups,
            GroupEventPublisher events,
            AdmissionPolicy admissions,
            MemberListService list,
            TransactionTemplate transaction,
            Clock clock) {
        this.groups = groups;
        this.events = events;
        this.admissions = admissions;
        this.list = list;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Owner and admins; existing members are skipped, ALREADY_MEMBER only when nobody was new. */
    public List<MemberView> add(String me, String groupId, List<String> userIds) {
        UUID actor = UUID.fromString(me);
        if (userIds == null || userIds.isEmpty()) {
            throw GroupRules.invalid("userIds must name at least one user");
        }
        Set<UUID> requested = new LinkedHashSet<>();
        userIds.forEach(id -> requested.add(GroupRules.userId(id)));
        admissions.admitToGroup(actor, requested);
        Instant now = now();
        List<Member> added = transaction.execute(status -> {
            Group group = GroupRules.lock(groups, groupId);
            GroupRules.requireMember(groups, group.id(), actor, true);
            Set<UUID> existing = Set.copyOf(groups.memberIds(group.id()));
            List<UUID> fresh =
                    requested.stream().filter(id -> !existing.contains(id)).toList();
            if (fresh.isEmpty()) {
                throw new RelayException(ErrorCode.ALREADY_MEMBER, "every user named is already a member");
            }
            admissions.requireRoom(existing.size() + fresh.size());
            List<Member> members = new ArrayList<>();
            for (UUID id : fresh) {
                Member member = new Member(group.id(), id, Role.MEMBER, now, null);
                groups.addMember(member);
                members.add(member);
            }
            groups.membershipChanged(group.id(), now);
            Group after = groups.find(group.id()).orElseThrow();
            events.invited(after, actor, fresh, now);
            events.joined(after, actor, fresh, groups.memberIds(group.id()), now);
            return members;
        });
        return list.views(added);
    }

    /**
     * Leaving (oneself; an owner must transfer first), or removing: the owner anyone, an admin plain members only.
     */
    public void remove(String me, String groupId, String userId) {
        UUID actor = UUID.fromString(me);
        UUID target = GroupRules.userId(userId);
        Instant now = now();
        transaction.executeWithoutResult(status -> {
            Group group = GroupRules.lock(groups, groupId);
            Member acting = GroupRules.requireMember(groups, group.id(), actor, false);
            Member removed = groups.member(group.id(), target)
                    .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no member " + userId));
            boolean leaving = actor.equals(target);
            if (leaving && acting.role() == Role.OWNER) {
                throw new RelayException(
                        ErrorCode.OWNER_MUST_TRANSFER, "the owner must transfer the group before leaving");
            }
            if (!leaving) {
                requireOutranks(acting, removed, "remove");
            }
            List<UUID> told = new ArrayList<>(groups.memberIds(group.id()));
            groups.removeMember(group.id(), target);
            long version = groups.membershipChanged(group.id(), now);
            if (leaving) {
                events.left(group.id(), target, told, version, now);
            } else {
                events.removed(group.id(), actor, target, told, version, now);
            }
        });
    }

    /** The owner sets roles (never OWNER: transfer instead); the owner and admins mute those below them. */
    public MemberView update(String me, String groupId, String userId, MemberChange change) {
        UUID actor = UUID.fromString(me);
        UUID target = GroupRules.userId(userId);
        if (change.role() == Role.OWNER) {
            throw GroupRules.invalid("role cannot be set to OWNER: transfer the group instead");
        }
        Instant now = now();
        transaction.executeWithoutResult(status -> {
            Group group = GroupRules.lock(groups, groupId);
            Member acting = GroupRules.requireMember(groups, group.id(), actor, false);
            Member member = groups.member(group.id(), target)
                    .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no member " + userId));
            List<UUID> members = groups.memberIds(group.id());
            if (change.role() != null && change.role() != member.role()) {
                if (acting.role() != Role.OWNER) {
                    throw new RelayException(ErrorCode.FORBIDDEN, "only the owner sets roles");
                }
                if (member.role() == Role.OWNER) {
                    throw new RelayException(ErrorCode.FORBIDDEN, "the owner's role changes by transfer only");
                }
                groups.setRole(group.id(), target, change.role());
                long version = groups.membershipChanged(group.id(), now);
                events.roleChanged(group.id(), actor, target, change.role(), members, version, now);
            }
            if (change.mutedUntil() != null || change.unmute()) {
                requireOutranks(acting, member, "mute");
                Instant until = change.unmute() ? null : change.mutedUntil().truncatedTo(ChronoUnit.MILLIS);
                groups.setMutedUntil(group.id(), target, until);
                long version = groups.membershipChanged(group.id(), now);
                events.muted(group.id(), actor, target, until, members, version, now);
            }
        });
        return list.members(me, groupId).stream()
                .filter(view -> view.member().userId().equals(target))
                .findFirst()
                .orElseThrow();
    }

    /** The owner acts on anyone below; an admin on plain members; a member on nobody. */
    private static void requireOutranks(Member acting, Member target, String what) {
        boolean allowed = switch (acting.role()) {
            case OWNER -> target.role() != Role.OWNER;
            case ADMIN -> target.role() == Role.MEMBER;
            case MEMBER -> false;
        };
        if (!allowed) {
            throw new RelayException(ErrorCode.FORBIDDEN, "your role may not " + what + " this member");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
