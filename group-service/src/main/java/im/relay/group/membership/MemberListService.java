package im.relay.group.membership;

import im.relay.group.group.GroupRepository;
import im.relay.group.group.GroupService;
import im.relay.userclient.UserClient;
import im.relay.userclient.UserProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** A group's members as its members see them, with their public profiles. */
@Service
public class MemberListService {

    /** A member with their public profile. */
    public record MemberView(Member member, String username, String nickname, String avatarUrl) {}

    private final GroupService groupService;
    private final GroupRepository groups;
    private final UserClient users;

    MemberListService(GroupService groupService, GroupRepository groups, UserClient users) {
        this.groupService = groupService;
        this.groups = groups;
        this.users = users;
    }

    /** Members only: 404 when there is no such group, 403 when I am not in it. */
    public List<MemberView> members(String me, String groupId) {
        groupService.get(me, groupId);
        return views(groups.members(UUID.fromString(groupId)));
    }

    List<MemberView> views(List<Member> members) {
        Map<UUID, UserProfile> profiles =
                users.profiles(members.stream().map(Member::userId).toList());
        return members.stream()
                .map(m -> {
                    UserProfile p = profiles.getOrDefault(m.userId(), UserProfile.unknown(m.userId()));
                    return new MemberView(m, p.username(), p.nickname(), p.avatarUrl());
                })
                .toList();
    }
}
