package im.relay.group.api;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import im.relay.group.group.Group;
import im.relay.group.group.GroupService;
import im.relay.group.membership.Member;
import im.relay.group.membership.MemberListService;
import im.relay.group.membership.MemberService;
import im.relay.group.membership.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** API.md, Groups: {@code /api/groups}. */
@RestController
@RequestMapping("/api/groups")
class GroupController {

    record NewGroup(String name, String description, String avatarUrl, List<String> memberIds) {}

    record GroupChange(String name, String description, String avatarUrl, Boolean mutedAll) {}

    record NewMembers(List<String> userIds) {}

    record NewOwner(String userId) {}

    record GroupView(
            String id,
            String name,
            String description,
            String avatarUrl,
            String ownerId,
            int memberCount,
            boolean mutedAll,
            Instant createdAt,
            Instant updatedAt,
            String role) {

        static GroupView of(Group group, Role role) {
            return new GroupView(
                    group.id().toString(),
                    group.name(),
                    group.description(),
                    group.avatarUrl(),
                    group.ownerId().toString(),
                    group.memberCount(),
                    group.mutedAll(),
                    group.createdAt(),
                    group.updatedAt(),
                    role == null ? null : role.name());
        }
    }

    record MemberView(
            String userId,
            String username,
            String nickname,
            String avatarUrl,
            String role,
            Instant joinedAt,
            Instant mutedUntil) {

        static MemberView of(MemberListService.MemberView view) {
            Member member = view.member();
            return new MemberView(
                    member.userId().toString(),
                    view.username(),
                    view.nickname(),
                    view.avatarUrl(),
                    member.role().name(),
                    member.joinedAt(),
                    member.mutedUntil());
        }
    }

    record Items<T>(List<T> items) {}

    private final GroupService groups;
    private final MemberListService memberList;
    private final MemberService members;

    GroupController(GroupService groups, MemberListService memberList, MemberService members) {
        this.groups = groups;
        this.memberList = memberList;
        this.members = members;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    GroupView create(@RequestBody NewGroup body) {
        Group group = groups.create(me(), body.name(), body.description(), body.avatarUrl(), body.memberIds());
        return GroupView.of(group, Role.OWNER);
    }

    @GetMapping
    Items<GroupView> mine() {
        return new Items<>(groups.mine(me()).stream()
                .map(mine -> GroupView.of(mine.group(), mine.role()))
                .toList());
    }

    @GetMapping("/{groupId}")
    GroupView get(@PathVariable String groupId) {
        GroupService.MyGroup mine = groups.get(me(), groupId);
        return GroupView.of(mine.group(), mine.role());
    }

    @PatchMapping("/{groupId}")
    GroupView update(@PathVariable String groupId, @RequestBody GroupChange body) {
        Group group = groups.update(me(), groupId, body.name(), body.description(), body.avatarUrl(), body.mutedAll());
        return GroupView.of(group, groups.get(me(), groupId).role());
    }

    @DeleteMapping("/{groupId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void dismiss(@PathVariable String groupId) {
        groups.dismiss(me(), groupId);
    }

    @GetMapping("/{groupId}/members")
    Items<MemberView> members(@PathVariable String groupId) {
        return new Items<>(
                memberList.members(me(), groupId).stream().map(MemberView::of).toList());
    }

    @PostMapping("/{groupId}/members")
    Items<MemberView> add(@PathVariable String groupId, @RequestBody NewMembers body) {
        return new Items<>(members.add(me(), groupId, body.userIds()).stream()
                .map(MemberView::of)
                .toList());
    }

    @DeleteMapping("/{groupId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String groupId, @PathVariable String userId) {
        members.remove(me(), groupId, userId);
    }

    /** {@code {"role": "ADMIN"}}, {@code {"mutedUntil": "2026-12-01T00:00:00.000Z"}}, {@code {"mutedUntil": null}}. */
    @PatchMapping("/{groupId}/members/{userId}")
    MemberView updateMember(@PathVariable String groupId, @PathVariable String userId, @RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "the body must be a JSON object");
        }
        return MemberView.of(members.update(me(), groupId, userId, change(body)));
    }

    @PostMapping("/{groupId}/owner")
    GroupView transfer(@PathVariable String groupId, @RequestBody NewOwner body) {
        if (body.userId() == null) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "userId is required");
        }
        return GroupView.of(groups.transfer(me(), groupId, body.userId()), Role.ADMIN);
    }

    private static MemberService.MemberChange change(JsonNode body) {
        Role role = null;
        if (body.has("role") && !body.get("role").isNull()) {
            JsonNode value = body.get("role");
            try {
                role = Role.valueOf(value.isString() ? value.asString().toUpperCase(Locale.ROOT) : "?");
            } catch (IllegalArgumentException e) {
                throw new RelayException(ErrorCode.VALIDATION_FAILED, "role must be ADMIN or MEMBER");
            }
        }
        Instant mutedUntil = null;
        boolean unmute = false;
        if (body.has("mutedUntil")) {
            JsonNode value = body.get("mutedUntil");
            if (value.isNull()) {
                unmute = true;
            } else if (value.isString()) {
                try {
                    mutedUntil = Instant.parse(value.asString());
                } catch (DateTimeParseException e) {
                    throw new RelayException(ErrorCode.VALIDATION_FAILED, "mutedUntil must be an ISO-8601 instant");
                }
            } else {
                throw new RelayException(ErrorCode.VALIDATION_FAILED, "mutedUntil must be an ISO-8601 instant or null");
            }
        }
        return new MemberService.MemberChange(role, mutedUntil, unmute);
    }

    private static String me() {
        return CallerContext.require().userId();
    }
}
