package im.relay.group.membership;

import static im.relay.common.grpc.Protos.reply;
import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import im.relay.proto.group.v1.AddMembersRequest;
import im.relay.proto.group.v1.AddMembersResponse;
import im.relay.proto.group.v1.CheckSendRequest;
import im.relay.proto.group.v1.CheckSendResponse;
import im.relay.proto.group.v1.CreateGroupRequest;
import im.relay.proto.group.v1.CreateGroupResponse;
import im.relay.proto.group.v1.DismissGroupRequest;
import im.relay.proto.group.v1.DismissGroupResponse;
import im.relay.proto.group.v1.GetGroupRequest;
import im.relay.proto.group.v1.GetGroupResponse;
import im.relay.proto.group.v1.GetMembershipRequest;
import im.relay.proto.group.v1.GetMembershipResponse;
import im.relay.proto.group.v1.GroupServiceGrpc;
import im.relay.proto.group.v1.ListMemberIdsRequest;
import im.relay.proto.group.v1.ListMemberIdsResponse;
import im.relay.proto.group.v1.ListMembersRequest;
import im.relay.proto.group.v1.ListMembersResponse;
import im.relay.proto.group.v1.ListMyGroupsRequest;
import im.relay.proto.group.v1.ListMyGroupsResponse;
import im.relay.proto.group.v1.RemoveMemberRequest;
import im.relay.proto.group.v1.RemoveMemberResponse;
import im.relay.proto.group.v1.TransferOwnershipRequest;
import im.relay.proto.group.v1.TransferOwnershipResponse;
import im.relay.proto.group.v1.UpdateGroupRequest;
import im.relay.proto.group.v1.UpdateGroupResponse;
import im.relay.proto.group.v1.UpdateMemberRequest;
import im.relay.proto.group.v1.UpdateMemberResponse;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * GroupService over gRPC, for the caller whose token came with the call. CheckSend and GetMembership answer only
 * about the caller; ListMemberIds only to a member.
 */
@Service
class GroupGrpcEndpoint extends GroupServiceGrpc.GroupServiceImplBase {

    private final GroupService groups;
    private final MemberService members;

    GroupGrpcEndpoint(GroupService groups, MemberService members) {
        this.groups = groups;
        this.members = members;
    }

    @Override
    public void createGroup(CreateGroupRequest request, StreamObserver<CreateGroupResponse> response) {
        Group group = groups.create(
                me(),
                request.getName(),
                request.hasDescription() ? request.getDescription() : null,
                request.hasAvatarUrl() ? request.getAvatarUrl() : null,
                request.getMemberIdsList());
        reply(
                response,
                CreateGroupResponse.newBuilder()
                        .setGroup(proto(group, Role.OWNER))
                        .build());
    }

    @Override
    public void getGroup(GetGroupRequest request, StreamObserver<GetGroupResponse> response) {
        GroupService.MyGroup mine = groups.get(me(), request.getGroupId());
        reply(
                response,
                GetGroupResponse.newBuilder()
                        .setGroup(proto(mine.group(), mine.role()))
                        .build());
    }

    @Override
    public void listMyGroups(ListMyGroupsRequest request, StreamObserver<ListMyGroupsResponse> response) {
        ListMyGroupsResponse.Builder body = ListMyGroupsResponse.newBuilder();
        groups.mine(me()).forEach(mine -> body.addGroups(proto(mine.group(), mine.role())));
        reply(response, body.build());
    }

    @Override
    public void updateGroup(UpdateGroupRequest request, StreamObserver<UpdateGroupResponse> response) {
        Group group = groups.update(
                me(),
                request.getGroupId(),
                request.hasName() ? request.getName() : null,
                request.hasDescription() ? request.getDescription() : null,
                request.hasAvatarUrl() ? request.getAvatarUrl() : null,
                request.hasMutedAll() ? request.getMutedAll() : null);
        reply(
                response,
                UpdateGroupResponse.newBuilder()
                        .setGroup(proto(
                                group, groups.get(me(), request.getGroupId()).role()))
                        .build());
    }

    @Override
    public void dismissGroup(DismissGroupRequest request, StreamObserver<DismissGroupResponse> response) {
        groups.dismiss(me(), request.getGroupId());
        reply(response, DismissGroupResponse.getDefaultInstance());
    }

    @Override
    public void listMembers(ListMembersRequest request, StreamObserver<ListMembersResponse> response) {
        ListMembersResponse.Builder body = ListMembersResponse.newBuilder();
        members.members(me(), request.getGroupId()).forEach(view -> body.addMembers(proto(view.member())));
        reply(response, body.build());
    }

    @Override
    public void addMembers(AddMembersRequest request, StreamObserver<AddMembersResponse> response) {
        AddMembersResponse.Builder body = AddMembersResponse.newBuilder();
        members.add(me(), request.getGroupId(), request.getUserIdsList())
                .forEach(view -> body.addAdded(proto(view.member())));
        reply(response, body.build());
    }

    @Override
    public void removeMember(RemoveMemberRequest request, StreamObserver<RemoveMemberResponse> response) {
        members.remove(me(), request.getGroupId(), request.getUserId());
        reply(response, RemoveMemberResponse.getDefaultInstance());
    }

    @Override
    public void updateMember(UpdateMemberRequest request, StreamObserver<UpdateMemberResponse> response) {
        Role role = request.hasRole() ? role(request.getRole()) : null;
        Instant until = request.hasMutedUntil()
                ? Instant.ofEpochSecond(
                        request.getMutedUntil().getSeconds(),
                        request.getMutedUntil().getNanos())
                : null;
        MemberService.MemberView view = members.update(
                me(),
                request.getGroupId(),
                request.getUserId(),
                new MemberService.MemberChange(role, until, request.getClearMute()));
        reply(
                response,
                UpdateMemberResponse.newBuilder()
                        .setMember(proto(view.member()))
                        .build());
    }

    @Override
    public void transferOwnership(
            TransferOwnershipRequest request, StreamObserver<TransferOwnershipResponse> response) {
        Group group = groups.transfer(me(), request.getGroupId(), request.getNewOwnerId());
        reply(
                response,
                TransferOwnershipResponse.newBuilder()
                        .setGroup(proto(group, Role.ADMIN))
                        .build());
    }

    @Override
    public void checkSend(CheckSendRequest request, StreamObserver<CheckSendResponse> response) {
        requireCaller(request.getUserId());
        CheckSendResponse.Verdict verdict = switch (members.checkSend(me(), request.getGroupId())) {
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
    public void getMembership(GetMembershipRequest request, StreamObserver<GetMembershipResponse> response) {
        requireCaller(request.getUserId());
        MembershipCache.Snapshot snapshot = groups.snapshot(request.getGroupId());
        Member member = snapshot.members().get(UUID.fromString(me()));
        if (member == null) {
            throw GroupService.notAMember();
        }
        reply(
                response,
                GetMembershipResponse.newBuilder().setMember(proto(member)).build());
    }

    @Override
    public void listMemberIds(ListMemberIdsRequest request, StreamObserver<ListMemberIdsResponse> response) {
        MembershipCache.Snapshot snapshot = groups.snapshot(request.getGroupId());
        if (!snapshot.members().containsKey(UUID.fromString(me()))) {
            throw GroupService.notAMember();
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

    private static Role role(im.relay.proto.group.v1.Role role) {
        return switch (role) {
            case ROLE_OWNER -> Role.OWNER;
            case ROLE_ADMIN -> Role.ADMIN;
            case ROLE_MEMBER -> Role.MEMBER;
            default -> throw new RelayException(ErrorCode.VALIDATION_FAILED, "role must be ADMIN or MEMBER");
        };
    }

    private static im.relay.proto.group.v1.Role proto(Role role) {
        return im.relay.proto.group.v1.Role.valueOf("ROLE_" + role.name());
    }

    private static im.relay.proto.group.v1.Group proto(Group group, Role role) {
        return GroupEventPublisher.proto(group).toBuilder()
                .setMyRole(proto(role))
                .build();
    }

    private static im.relay.proto.group.v1.Member proto(Member member) {
        im.relay.proto.group.v1.Member.Builder body = im.relay.proto.group.v1.Member.newBuilder()
                .setUserId(member.userId().toString())
                .setRole(proto(member.role()))
                .setJoinedAt(timestamp(member.joinedAt()));
        if (member.mutedUntil() != null) {
            body.setMutedUntil(timestamp(member.mutedUntil()));
        }
        return body.build();
    }
}
