package im.relay.group.api;

import static im.relay.common.grpc.Protos.reply;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import im.relay.group.events.GroupEventPublisher;
import im.relay.group.group.Group;
import im.relay.group.group.GroupRules;
import im.relay.group.group.GroupService;
import im.relay.group.membership.MembershipCache;
import im.relay.group.membership.Role;
import im.relay.group.mute.SendCheckService;
import im.relay.proto.group.v1.CheckSendRequest;
import im.relay.proto.group.v1.CheckSendResponse;
import im.relay.proto.group.v1.GroupServiceGrpc;
import im.relay.proto.group.v1.ListMemberIdsRequest;
import im.relay.proto.group.v1.ListMemberIdsResponse;
import im.relay.proto.group.v1.ListMyGroupsRequest;
import im.relay.proto.group.v1.ListMyGroupsResponse;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * GroupService over gRPC, for the caller whose token came with the call. CheckSend answers only about the
 * caller; ListMemberIds only to a member.
 */
@Service
class GroupGrpcEndpoint extends GroupServiceGrpc.GroupServiceImplBase {

    private final GroupService groups;
    private final SendCheckService sends;

    GroupGrpcEndpoint(GroupService groups, SendCheckService sends) {
        this.groups = groups;
        this.sends = sends;
    }

    @Override
    public void listMyGroups(ListMyGroupsRequest request, StreamObserver<ListMyGroupsResponse> response) {
        ListMyGroupsResponse.Builder body = ListMyGroupsResponse.newBuilder();
        groups.mine(me()).forEach(mine -> body.addGroups(proto(mine.group(), mine.role())));
        reply(response, body.build());
    }

    @Override
    public void checkSend(CheckSendRequest request, StreamObserver<CheckSendResponse> response) {
        requireCaller(request.getUserId());
        CheckSendResponse.Verdict verdict = switch (sends.checkSend(me(), request.getGroupId())) {
            case ALLOWED -> CheckSendResponse.Verdict.VERDICT_ALLOWED;
            case NOT_GROUP_MEMBER -> CheckSendResponse.Verdict.VERDICT_NOT_GROUP_MEMBER;
            case MUTED -> CheckSendResponse.Verdict.VERDICT_MUTED;
            case GROUP_NOT_FOUND -> CheckSendResponse.Verdict.VERDICT_GROUP_NOT_FOUND;
        };
        CheckSendResponse.Builder body = CheckSendResponse.newBuilder().setVerdict(verdict);
        if (verdict == CheckSendResponse.Verdict.VERDICT_ALLOWED
                || verdict == CheckSendResponse.Verdict.VERDICT_MUTED) {
            body.setRole(proto(groups.get(me(), request.getGroupId()).role()));
        }
        reply(response, body.build());
    }

    @Override
    public void listMemberIds(ListMemberIdsRequest request, StreamObserver<ListMemberIdsResponse> response) {
        MembershipCache.Snapshot snapshot = groups.snapshot(request.getGroupId());
        if (!snapshot.members().containsKey(UUID.fromString(me()))) {
            throw GroupRules.notAMember();
        }
        reply(
                response,
                ListMemberIdsResponse.newBuilder()
                        .addAllUserIds(snapshot.members().keySet().stream()
                                .map(UUID::toString)
                                .toList())
                        .setVersion(snapshot.group().membershipVersion())
                        .build());
    }

    private static String me() {
        return CallerContext.require().userId();
    }

    private static void requireCaller(String userId) {
        if (!me().equals(userId)) {
            throw new RelayException(ErrorCode.FORBIDDEN, "this call answers only about the caller");
        }
    }

    private static im.relay.proto.group.v1.Role proto(Role role) {
        return im.relay.proto.group.v1.Role.valueOf("ROLE_" + role.name());
    }

    private static im.relay.proto.group.v1.Group proto(Group group, Role role) {
        return GroupEventPublisher.proto(group).toBuilder()
                .setMyRole(proto(role))
                .build();
    }
}
