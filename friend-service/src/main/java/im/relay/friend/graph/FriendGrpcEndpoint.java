package im.relay.friend.graph;

import static im.relay.common.grpc.Protos.reply;
import static im.relay.common.grpc.Protos.timestamp;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import im.relay.proto.friend.v1.AcceptRequestRequest;
import im.relay.proto.friend.v1.AcceptRequestResponse;
import im.relay.proto.friend.v1.Block;
import im.relay.proto.friend.v1.BlockRequest;
import im.relay.proto.friend.v1.BlockResponse;
import im.relay.proto.friend.v1.CheckMessagingRequest;
import im.relay.proto.friend.v1.CheckMessagingResponse;
import im.relay.proto.friend.v1.DeleteFriendRequest;
import im.relay.proto.friend.v1.DeleteFriendResponse;
import im.relay.proto.friend.v1.Direction;
import im.relay.proto.friend.v1.FriendServiceGrpc;
import im.relay.proto.friend.v1.ListBlockersRequest;
import im.relay.proto.friend.v1.ListBlockersResponse;
import im.relay.proto.friend.v1.ListBlocksRequest;
import im.relay.proto.friend.v1.ListBlocksResponse;
import im.relay.proto.friend.v1.ListFriendsRequest;
import im.relay.proto.friend.v1.ListFriendsResponse;
import im.relay.proto.friend.v1.ListPresenceAudienceRequest;
import im.relay.proto.friend.v1.ListPresenceAudienceResponse;
import im.relay.proto.friend.v1.ListRequestsRequest;
import im.relay.proto.friend.v1.ListRequestsResponse;
import im.relay.proto.friend.v1.RejectRequestRequest;
import im.relay.proto.friend.v1.RejectRequestResponse;
import im.relay.proto.friend.v1.RequestStatus;
import im.relay.proto.friend.v1.SendRequestRequest;
import im.relay.proto.friend.v1.SendRequestResponse;
import im.relay.proto.friend.v1.UnblockRequest;
import im.relay.proto.friend.v1.UnblockResponse;
import im.relay.proto.friend.v1.UpdateRemarkRequest;
import im.relay.proto.friend.v1.UpdateRemarkResponse;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * FriendService over gRPC, for the caller whose token came with the call. CheckMessaging and
 * ListPresenceAudience answer only about the caller: the message servers ask them while handling the caller's send,
 * the message gateway on the caller's connect.
 */
@Service
class FriendGrpcEndpoint extends FriendServiceGrpc.FriendServiceImplBase {

    private final FriendService friends;
    private final BlockService blocks;
    private final MessagingPolicy policy;

    FriendGrpcEndpoint(FriendService friends, BlockService blocks, MessagingPolicy policy) {
        this.friends = friends;
        this.blocks = blocks;
        this.policy = policy;
    }

    @Override
    public void sendRequest(SendRequestRequest request, StreamObserver<SendRequestResponse> response) {
        FriendRequest sent =
                friends.sendRequest(me(), request.getToUserId(), request.hasMessage() ? request.getMessage() : null);
        reply(response, SendRequestResponse.newBuilder().setRequest(proto(sent)).build());
    }

    @Override
    public void listRequests(ListRequestsRequest request, StreamObserver<ListRequestsResponse> response) {
        String direction = request.getDirection() == Direction.DIRECTION_OUTGOING ? "outgoing" : "incoming";
        ListRequestsResponse.Builder body = ListRequestsResponse.newBuilder();
        friends.pendingRequests(me(), direction).forEach(r -> body.addRequests(proto(r)));
        reply(response, body.build());
    }

    @Override
    public void acceptRequest(AcceptRequestRequest request, StreamObserver<AcceptRequestResponse> response) {
        reply(
                response,
                AcceptRequestResponse.newBuilder()
                        .setRequest(proto(friends.accept(me(), request.getRequestId())))
                        .build());
    }

    @Override
    public void rejectRequest(RejectRequestRequest request, StreamObserver<RejectRequestResponse> response) {
        reply(
                response,
                RejectRequestResponse.newBuilder()
                        .setRequest(proto(friends.reject(me(), request.getRequestId())))
                        .build());
    }

    @Override
    public void listFriends(ListFriendsRequest request, StreamObserver<ListFriendsResponse> response) {
        ListFriendsResponse.Builder body = ListFriendsResponse.newBuilder();
        friends.friends(me()).forEach(f -> body.addFriends(proto(f)));
        reply(response, body.build());
    }

    @Override
    public void updateRemark(UpdateRemarkRequest request, StreamObserver<UpdateRemarkResponse> response) {
        Friend friend = friends.setRemark(me(), request.getFriendUserId(), request.getRemark());
        reply(
                response,
                UpdateRemarkResponse.newBuilder().setFriend(proto(friend)).build());
    }

    @Override
    public void deleteFriend(DeleteFriendRequest request, StreamObserver<DeleteFriendResponse> response) {
        friends.delete(me(), request.getFriendUserId());
        reply(response, DeleteFriendResponse.getDefaultInstance());
    }

    @Override
    public void listBlocks(ListBlocksRequest request, StreamObserver<ListBlocksResponse> response) {
        ListBlocksResponse.Builder body = ListBlocksResponse.newBuilder();
        blocks.blocked(me())
                .forEach(b -> body.addBlocks(
                        Block.newBuilder().setUserId(b.userId().toString()).setCreatedAt(timestamp(b.createdAt()))));
        reply(response, body.build());
    }

    @Override
    public void block(BlockRequest request, StreamObserver<BlockResponse> response) {
        blocks.block(me(), request.getUserId());
        reply(response, BlockResponse.getDefaultInstance());
    }

    @Override
    public void unblock(UnblockRequest request, StreamObserver<UnblockResponse> response) {
        blocks.unblock(me(), request.getUserId());
        reply(response, UnblockResponse.getDefaultInstance());
    }

    @Override
    public void checkMessaging(CheckMessagingRequest request, StreamObserver<CheckMessagingResponse> response) {
        requireCaller(request.getSenderId());
        UUID receiver = ClientIds.tryParse(request.getReceiverId())
                .orElseThrow(() -> new RelayException(ErrorCode.NOT_FOUND, "no user " + request.getReceiverId()));
        CheckMessagingResponse.Verdict verdict = switch (policy.check(UUID.fromString(me()), receiver)) {
            case ALLOWED -> CheckMessagingResponse.Verdict.VERDICT_ALLOWED;
            case NOT_FRIENDS -> CheckMessagingResponse.Verdict.VERDICT_NOT_FRIENDS;
            case BLOCKED -> CheckMessagingResponse.Verdict.VERDICT_BLOCKED;
        };
        reply(response, CheckMessagingResponse.newBuilder().setVerdict(verdict).build());
    }

    @Override
    public void listPresenceAudience(
            ListPresenceAudienceRequest request, StreamObserver<ListPresenceAudienceResponse> response) {
        requireCaller(request.getUserId());
        ListPresenceAudienceResponse.Builder body = ListPresenceAudienceResponse.newBuilder();
        friends.presenceAudience(me()).forEach(id -> body.addUserIds(id.toString()));
        reply(response, body.build());
    }

    @Override
    public void listBlockers(ListBlockersRequest request, StreamObserver<ListBlockersResponse> response) {
        ListBlockersResponse.Builder body = ListBlockersResponse.newBuilder();
        blocks.blockersAmong(me(), request.getUserIdsList()).forEach(id -> body.addUserIds(id.toString()));
        reply(response, body.build());
    }

    private static String me() {
        return CallerContext.require().userId();
    }

    private static void requireCaller(String userId) {
        if (!me().equals(userId)) {
            throw new RelayException(ErrorCode.FORBIDDEN, "this call answers only about the caller");
        }
    }

    private static im.relay.proto.friend.v1.FriendRequest proto(FriendRequest request) {
        return im.relay.proto.friend.v1.FriendRequest.newBuilder()
                .setId(request.id().toString())
                .setFromUserId(request.fromUserId().toString())
                .setToUserId(request.toUserId().toString())
                .setMessage(request.message())
                .setStatus(RequestStatus.valueOf(
                        "REQUEST_STATUS_" + request.status().name()))
                .setCreatedAt(timestamp(request.createdAt()))
                .build();
    }

    private static im.relay.proto.friend.v1.Friend proto(Friend friend) {
        return im.relay.proto.friend.v1.Friend.newBuilder()
                .setUserId(friend.userId().toString())
                .setRemark(friend.remark())
                .setSince(timestamp(friend.since()))
                .build();
    }
}
