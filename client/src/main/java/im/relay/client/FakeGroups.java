package im.relay.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups of a {@link FakeRelayServer}, with group-service's rules; changes write the SYSTEM lines the real
 * group-message-server writes (member joined, left, removed; group updated), at once rather than a moment later.
 */
final class FakeGroups {

    static final int MAX_MEMBERS = 2_000;

    static final class GroupState {
        final String id;
        final Instant createdAt;
        final Map<String, MemberState> members = new LinkedHashMap<>(); // joined order
        String name;
        String description;
        String ownerId;
        boolean mutedAll;
        Instant updatedAt;
        long touched; // orders "my groups": most recently changed first, deterministic under a fixed clock

        GroupState(String id, String name, String description, String ownerId, Instant createdAt) {
            this.id = id;
            this.name = name;
            this.description = description;
            this.ownerId = ownerId;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    static final class MemberState {
        final String userId;
        final Instant joinedAt;
        String role;
        Instant mutedUntil;

        MemberState(String userId, String role, Instant joinedAt) {
            this.userId = userId;
            this.role = role;
            this.joinedAt = joinedAt;
        }

        boolean manages() {
            return role.equals("OWNER") || role.equals("ADMIN");
        }

        /** The owner acts on anyone below; an admin on plain members; a member on nobody. */
        boolean outranks(MemberState other) {
            return switch (role) {
                case "OWNER" -> !other.role.equals("OWNER");
                case "ADMIN" -> other.role.equals("MEMBER");
                default -> false;
            };
        }
    }

    private final FakeRelayServer server;
    private final FakeGroupChanges changes;
    private final Map<String, GroupState> groups = new LinkedHashMap<>(); // without the dismissed ones
    private long touches;

    FakeGroups(FakeRelayServer server) {
        this.server = server;
        this.changes = new FakeGroupChanges(server, this);
    }

    FakeGroupChanges changes() {
        return changes;
    }

    Group create(String me, String name, String description, List<String> memberIds) {
        String checkedName = name(name);
        String checkedDescription = description(description);
        Set<String> invited = new LinkedHashSet<>(memberIds == null ? List.of() : memberIds);
        invited.remove(me);
        if (invited.size() + 1 > MAX_MEMBERS) {
            throw FakeRelayServer.conflict("GROUP_FULL", "a group has at most " + MAX_MEMBERS + " members");
        }
        invited.forEach(server.accounts::requireExists);
        Instant now = server.now();
        GroupState group = new GroupState(FakeRelayServer.newId(), checkedName, checkedDescription, me, now);
        group.members.put(me, new MemberState(me, "OWNER", now));
        invited.forEach(id -> group.members.put(id, new MemberState(id, "MEMBER", now)));
        groups.put(group.id, group);
        touch(group);
        if (!invited.isEmpty()) {
            server.sessions.notify(invited, "GROUP_INVITED", Map.of("group", data(group)));
        }
        return view(group, me);
    }

    List<Group> mine(String me) {
        return groups.values().stream()
                .filter(group -> group.members.containsKey(me))
                .sorted(Comparator.comparingLong((GroupState group) -> group.touched)
                        .reversed())
                .map(group -> view(group, me))
                .toList();
    }

    Group get(String me, String groupId) {
        return view(requireMember(me, groupId).group(), me);
    }

    List<Member> members(String me, String groupId) {
        GroupState group = requireMember(me, groupId).group();
        List<MemberState> sorted = new ArrayList<>(group.members.values());
        sorted.sort(Comparator.comparingInt((MemberState member) -> rank(member.role)));
        return sorted.stream().map(this::view).toList();
    }

    /** The group, or 404 NOT_FOUND (also once dismissed). */
    GroupState group(String groupId) {
        GroupState group = groupId == null ? null : groups.get(groupId);
        if (group == null) {
            throw FakeRelayServer.notFound("group " + groupId);
        }
        return group;
    }

    record Membership(GroupState group, MemberState member) {}

    /** 404 NOT_FOUND without the group, 403 NOT_GROUP_MEMBER when {@code me} is not in it. */
    Membership requireMember(String me, String groupId) {
        GroupState group = group(groupId);
        MemberState member = group.members.get(me);
        if (member == null) {
            throw FakeRelayServer.forbidden("NOT_GROUP_MEMBER", "you are not a member of this group");
        }
        return new Membership(group, member);
    }

    /** As {@link #requireMember}, and 403 FORBIDDEN below admin. */
    Membership requireManager(String me, String groupId) {
        Membership membership = requireMember(me, groupId);
        if (!membership.member().manages()) {
            throw FakeRelayServer.forbidden("FORBIDDEN", "only the owner and admins may do this");
        }
        return membership;
    }

    /** MUTED when the member is muted now, or everyone is and the member does not manage the group. */
    void requireMaySend(String me, String groupId) {
        Membership membership = requireMember(me, groupId);
        MemberState member = membership.member();
        boolean muted = member.mutedUntil != null && member.mutedUntil.isAfter(server.now());
        if (muted || membership.group().mutedAll && !member.manages()) {
            throw FakeRelayServer.forbidden("MUTED", "you are muted in this group");
        }
    }

    void dismissed(GroupState group) {
        groups.remove(group.id);
    }

    void touch(GroupState group) {
        group.touched = ++touches;
    }

    Group view(GroupState group, String me) {
        MemberState member = group.members.get(me);
        return new Group(
                group.id,
                group.name,
                group.description,
                "",
                group.ownerId,
                group.members.size(),
                group.mutedAll,
                member == null ? null : member.role,
                group.createdAt,
                group.updatedAt);
    }

    Member view(MemberState member) {
        User profile = server.accounts.get(member.userId);
        return new Member(
                member.userId,
                profile.username(),
                profile.nickname(),
                profile.avatarUrl(),
                member.role,
                member.joinedAt,
                member.mutedUntil);
    }

    /** A group as the GROUP_INVITED and GROUP_UPDATED notifications' JSON carries it (no role). */
    static Map<String, Object> data(GroupState group) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", group.id);
        data.put("name", group.name);
        data.put("description", group.description);
        data.put("avatarUrl", "");
        data.put("ownerId", group.ownerId);
        data.put("memberCount", group.members.size());
        data.put("mutedAll", group.mutedAll);
        data.put("createdAt", FakeRelayServer.json(group.createdAt));
        data.put("updatedAt", FakeRelayServer.json(group.updatedAt));
        return data;
    }

    static String name(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || FakeRelayServer.length(trimmed) > 64) {
            throw FakeRelayServer.invalid("name must be 1 to 64 characters");
        }
        return trimmed;
    }

    static String description(String description) {
        String trimmed = description == null ? "" : description.strip();
        if (FakeRelayServer.length(trimmed) > 512) {
            throw FakeRelayServer.invalid("description must be at most 512 characters");
        }
        return trimmed;
    }

    private static int rank(String role) {
        return switch (role) {
            case "OWNER" -> 0;
            case "ADMIN" -> 1;
            default -> 2;
        };
    }
}
