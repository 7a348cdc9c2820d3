package im.relay.groupmessage.conversation;

import static im.relay.common.error.GrpcErrors.call;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import im.relay.proto.group.v1.CheckSendRequest;
import im.relay.proto.group.v1.CheckSendResponse;
import im.relay.proto.group.v1.GroupServiceGrpc;
import im.relay.proto.group.v1.ListMemberIdsRequest;
import im.relay.proto.group.v1.ListMyGroupsRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * group-service, called with the caller's token (a member asking about their own group). Member lists and send
 * rights are kept per group until a group event drops them (see {@link GroupEventListener}) or they expire.
 */
@Component
class GroupClient {

    enum Verdict {
        ALLOWED,
        MUTED,
        NOT_GROUP_MEMBER,
        GROUP_NOT_FOUND
    }

    /** A user's standing in a group; {@code moderator} for owners and admins. */
    record Membership(Verdict verdict, boolean moderator) {}

    private record Group(List<UUID> memberIds, ConcurrentMap<UUID, Membership> memberships) {}

    private final GroupServiceGrpc.GroupServiceBlockingStub groups;
    private final Cache<UUID, Group> cache;

    GroupClient(
            GrpcChannelFactory channels,
            @Value("${relay.group-messages.membership-cache.groups:20000}") long size,
            @Value("${relay.group-messages.membership-cache.ttl:30s}") Duration ttl) {
        this.groups = GroupServiceGrpc.newBlockingStub(channels.createChannel("group-service"));
        this.cache =
                Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
    }

    /** The caller's standing in the group. */
    Membership membership(UUID caller, UUID groupId) {
        Group group = cache.getIfPresent(groupId);
        Membership known = group == null ? null : group.memberships().get(caller);
        if (known != null) {
            return known;
        }
        Membership asked = ask(caller, groupId);
        if (group != null) {
            group.memberships().put(caller, asked);
        }
        return asked;
    }

    /** Every member's id; the caller must be a member. */
    List<UUID> memberIds(UUID groupId) {
        return cache.get(groupId, id -> new Group(listMemberIds(id), new ConcurrentHashMap<>()))
                .memberIds();
    }

    /** The caller's groups and their names. */
    Map<UUID, String> myGroups() {
        Map<UUID, String> names = new LinkedHashMap<>();
        call(() -> groups.listMyGroups(ListMyGroupsRequest.getDefaultInstance()))
                .getGroupsList()
                .forEach(group -> names.put(UUID.fromString(group.getId()), group.getName()));
        return names;
    }

    void forget(UUID groupId) {
        cache.invalidate(groupId);
    }

    private Membership ask(UUID caller, UUID groupId) {
        CheckSendRequest request = CheckSendRequest.newBuilder()
                .setGroupId(groupId.toString())
                .setUserId(caller.toString())
                .build();
        CheckSendResponse answer = call(() -> groups.checkSend(request));
        Verdict verdict = switch (answer.getVerdict()) {
            case VERDICT_ALLOWED -> Verdict.ALLOWED;
            case VERDICT_MUTED -> Verdict.MUTED;
            case VERDICT_NOT_GROUP_MEMBER -> Verdict.NOT_GROUP_MEMBER;
            case VERDICT_GROUP_NOT_FOUND, VERDICT_UNSPECIFIED, UNRECOGNIZED -> Verdict.GROUP_NOT_FOUND;
        };
        boolean moderator = switch (answer.getRole()) {
            case ROLE_OWNER, ROLE_ADMIN -> true;
            default -> false;
        };
        return new Membership(verdict, moderator);
    }

    private List<UUID> listMemberIds(UUID groupId) {
        ListMemberIdsRequest request =
                ListMemberIdsRequest.newBuilder().setGroupId(groupId.toString()).build();
        return call(() -> groups.listMemberIds(request)).getUserIdsList().stream()
                .map(UUID::fromString)
                .toList();
    }
}
