package im.relay.messagegateway.relations;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.proto.friend.v1.CheckMessagingRequest;
import im.relay.proto.friend.v1.FriendServiceGrpc;
import im.relay.proto.friend.v1.ListPresenceAudienceRequest;
import java.util.Set;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** friend-service, called as the user it is about (it answers these questions only about the caller). */
@Component
class FriendClient {

    private final FriendServiceGrpc.FriendServiceBlockingStub friends;

    FriendClient(GrpcChannelFactory channels) {
        this.friends = FriendServiceGrpc.newBlockingStub(channels.createChannel("friend-service"));
    }

    /** The friends who may see the caller's presence (not blocked either way). */
    Set<String> presenceAudience(Caller caller) {
        ListPresenceAudienceRequest request = ListPresenceAudienceRequest.newBuilder()
                .setUserId(caller.userId())
                .build();
        return Set.copyOf(call(() -> CallerContext.runAsCall(caller, () -> friends.listPresenceAudience(request)))
                .getUserIdsList());
    }

    Verdict messaging(Caller caller, String peerId) {
        CheckMessagingRequest request = CheckMessagingRequest.newBuilder()
                .setSenderId(caller.userId())
                .setReceiverId(peerId)
                .build();
        return switch (call(() -> CallerContext.runAsCall(caller, () -> friends.checkMessaging(request)))
                .getVerdict()) {
            case VERDICT_ALLOWED -> Verdict.ALLOWED;
            case VERDICT_BLOCKED -> Verdict.BLOCKED;
            case VERDICT_NOT_FRIENDS, VERDICT_UNSPECIFIED, UNRECOGNIZED -> Verdict.NOT_FRIENDS;
        };
    }
}
