package im.relay.client;

import im.relay.client.FakeGroups.GroupState;
import im.relay.client.FakeGroups.MemberState;
import im.relay.client.FakeGroups.Membership;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What owners and admins change in a fake group, with the notifications (API.md, "Notification data") and the SYSTEM
 * lines the real services produce for each change.
 */
final class FakeGroupChanges {

    private final FakeRelayServer server;
    private final FakeGroups groups;

    FakeGroupChanges(FakeRelayServer server, FakeGroups groups) {
        this.server = server;
        this.groups = groups;
    }

    /** Owner and admins; null leaves a field as it is. */
    Group update(String me, String groupId, String name, String description, Boolean mutedAll) {
        GroupState group = groups.requireManager(me, groupId).group();
        String newName = name == null ? group.name : FakeGroups.name(name);
        String newDescription = description == null ? group.description : FakeGroups.description(description);
        group.name = newName;
        group.description = newDescription;
        group.mutedAll = mutedAll == null ? group.mutedAll : mutedAll;
        updated(group, me);
        return groups.view(group, me);
    }

    /** Owner only; every later call on the group answers 404, and all former members are told. */
    void dismiss(String me, String groupId) {
        Membership membership = groups.requireMember(me, groupId);
        if (!membership.member().role.equals("OWNER")) {
            throw FakeRelayServer.forbidden("FORBIDDEN", "only the owner may dismiss the group");
        }
        GroupState group = membership.group();
        groups.dismissed(group);
        server.sessions.notify(memberIds(group), "GROUP_DISMISSED", Map.of("groupId", group.id));
    }

    /** Owner and admins; existing members are skipped, ALREADY_MEMBER only when nobody was new. */
    List<Member> add(String me, String groupId, List<String> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            throw FakeRelayServer.invalid("userIds must name at least one user");
        }
        Set<String> requested = new LinkedHashSet<>(userIds);
        requested.forEach(server.accounts::requireExists);
        GroupState group = groups.requireManager(me, groupId).group();
        List<String> fresh =
                requested.stream().filter(id -> !group.members.containsKey(id)).toList();
        if (fresh.isEmpty()) {
            throw FakeRelayServer.conflict("ALREADY_MEMBER", "every user named is already a member");
        }
        if (group.members.size() + fresh.size() > FakeGroups.MAX_MEMBERS) {
            throw FakeRelayServer.conflict("GROUP_FULL", "a group has at most " + FakeGroups.MAX_MEMBERS + " members");
        }
        Instant now = server.now();
        List<Member> added = new ArrayList<>();
        for (String id : fresh) {
            MemberState member = new MemberState(id, "MEMBER", now);
            group.members.put(id, member);
            added.add(groups.view(member));
        }
        groups.touch(group);
        server.sessions.notify(fresh, "GROUP_INVITED", Map.of("group", FakeGroups.data(group)));
        server.sessions.notify(
                memberIds(group), "GROUP_MEMBER_JOINED", Map.of("groupId", group.id, "userIds", List.copyOf(fresh)));
        Map<String, Object> line = line("MEMBER_JOINED", me);
        line.put("userIds", List.copyOf(fresh));
        long seq = server.messages.systemLine(group.id, me, memberIds(group), line);
        server.messages.startAt("g:" + group.id, fresh, seq - 1); // new members start at the line about them
        return added;
    }

    /** Leaving (oneself; an owner must transfer first), or removing: the owner anyone, an admin plain members. */
    void remove(String me, String groupId, String userId) {
        Membership acting = groups.requireMember(me, groupId);
        GroupState group = acting.group();
        MemberState removed = member(group, userId);
        boolean leaving = me.equals(userId);
        if (leaving && acting.member().role.equals("OWNER")) {
            throw FakeRelayServer.conflict("OWNER_MUST_TRANSFER", "the owner must transfer the group before leaving");
        }
        if (!leaving && !acting.member().outranks(removed)) {
            throw FakeRelayServer.forbidden("FORBIDDEN", "your role may not remove this member");
        }
        Set<String> told = memberIds(group);
        group.members.remove(userId);
        groups.touch(group);
        String event = leaving ? "GROUP_MEMBER_LEFT" : "GROUP_MEMBER_REMOVED";
        server.sessions.notify(told, event, Map.of("groupId", group.id, "userId", userId));
        Map<String, Object> line = line(leaving ? "MEMBER_LEFT" : "MEMBER_REMOVED", me);
        line.put("userId", userId);
        server.messages.systemLine(group.id, me, told, line);
    }

    /** The owner sets roles, never OWNER (transfer instead). */
    Member setRole(String me, String groupId, String userId, String role) {
        if ("OWNER".equals(role)) {
            throw FakeRelayServer.invalid("role cannot be set to OWNER: transfer the group instead");
        }
        if (role != null && !role.equals("ADMIN") && !role.equals("MEMBER")) {
            throw FakeRelayServer.invalid("role must be ADMIN or MEMBER");
        }
        Membership acting = groups.requireMember(me, groupId);
        GroupState group = acting.group();
        MemberState member = member(group, userId);
        if (role != null && !role.equals(member.role)) {
            if (!acting.member().role.equals("OWNER")) {
                throw FakeRelayServer.forbidden("FORBIDDEN", "only the owner sets roles");
            }
            if (member.role.equals("OWNER")) {
                throw FakeRelayServer.forbidden("FORBIDDEN", "the owner's role changes by transfer only");
            }
            member.role = role;
            roleChanged(group, userId, role);
        }
        return groups.view(member);
    }

    /** The owner and admins mute those below them; {@code until} null unmutes. Nobody is told. */
    Member mute(String me, String groupId, String userId, Instant until) {
        Membership acting = groups.requireMember(me, groupId);
        MemberState member = member(acting.group(), userId);
        if (!acting.member().outranks(member)) {
            throw FakeRelayServer.forbidden("FORBIDDEN", "your role may not mute this member");
        }
        member.mutedUntil = until == null ? null : until.truncatedTo(ChronoUnit.MILLIS);
        return groups.view(member);
    }

    /** Owner only: the new owner must be a member; the old owner becomes an admin. */
    void transfer(String me, String groupId, String userId) {
        Membership acting = groups.requireMember(me, groupId);
        if (!acting.member().role.equals("OWNER")) {
            throw FakeRelayServer.forbidden("FORBIDDEN", "only the owner may transfer the group");
        }
        if (me.equals(userId)) {
            throw FakeRelayServer.invalid("you already own this group");
        }
        GroupState group = acting.group();
        MemberState next = member(group, userId);
        next.role = "OWNER";
        acting.member().role = "ADMIN";
        group.ownerId = userId;
        roleChanged(group, userId, "OWNER");
        roleChanged(group, me, "ADMIN");
        updated(group, me);
    }

    private void updated(GroupState group, String actor) {
        group.updatedAt = server.now();
        groups.touch(group);
        server.sessions.notify(memberIds(group), "GROUP_UPDATED", Map.of("group", FakeGroups.data(group)));
        Map<String, Object> line = line("GROUP_UPDATED", actor);
        line.put("name", group.name);
        line.put("mutedAll", group.mutedAll);
        server.messages.systemLine(group.id, actor, memberIds(group), line);
    }

    private void roleChanged(GroupState group, String userId, String role) {
        server.sessions.notify(
                memberIds(group), "GROUP_ROLE_CHANGED", Map.of("groupId", group.id, "userId", userId, "role", role));
    }

    private static MemberState member(GroupState group, String userId) {
        MemberState member = userId == null ? null : group.members.get(userId);
        if (member == null) {
            throw FakeRelayServer.notFound("member " + userId);
        }
        return member;
    }

    private static Set<String> memberIds(GroupState group) {
        return new LinkedHashSet<>(group.members.keySet());
    }

    /** A SYSTEM line's content, as api-notes.md describes it: {@code {"event":…,"by":actorId,…}}. */
    private static Map<String, Object> line(String event, String actor) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("event", event);
        content.put("by", actor);
        return content;
    }
}
