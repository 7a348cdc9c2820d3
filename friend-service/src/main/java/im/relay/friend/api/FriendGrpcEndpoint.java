package im.relay.friend.api;

import static im.relay.common.grpc.Protos.reply;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.CallerContext;
import im.relay.friend.ClientIds;
import im.relay.friend.block.BlockService;
import im.relay.friend.friendship.FriendListService;
import im.relay.friend.friendship.MessagingPolicy;
import im.relay.proto.friend.v1.CheckMessagingRequest;
import im.relay.proto.friend.v1.CheckMessagingResponse;
import im.relay.proto.friend.v1.FriendServiceGrpc;
import im.relay.proto.friend.v1.ListBlockersRequest;
import im.relay.proto.friend.v1.ListBlockersResponse;
import im.relay.proto.friend.v1.ListPresenceAudienceRequest;
import im.relay.proto.friend.v1.ListPresenceAudienceResponse;
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

    private final FriendListService friends;
    private final BlockService blocks;
    private final MessagingPolicy policy;

    FriendGrpcEndpoint(FriendListService friends, BlockService blocks, MessagingPolicy policy) {
        this.friends = friends;
        this.blocks = blocks;
        this.policy = policy;
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
}
