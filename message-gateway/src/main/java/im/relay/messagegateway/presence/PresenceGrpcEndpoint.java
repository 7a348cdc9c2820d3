package im.relay.messagegateway.presence;

import static im.relay.common.grpc.Protos.reply;

import im.relay.common.identity.CallerContext;
import im.relay.proto.messagegateway.v1.GetPresenceRequest;
import im.relay.proto.messagegateway.v1.GetPresenceResponse;
import im.relay.proto.messagegateway.v1.PresenceServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/**
 * PresenceService for other services (friend-service's friend lists). Unlike the node-to-node service beside it on
 * the same port, it asks for no cluster secret: it only reads, and it wants a user's access token, as every
 * service-to-service call does.
 */
@Service
class PresenceGrpcEndpoint extends PresenceServiceGrpc.PresenceServiceImplBase {

    private final PresenceDirectory presence;

    PresenceGrpcEndpoint(PresenceDirectory presence) {
        this.presence = presence;
    }

    @Override
    public void getPresence(GetPresenceRequest request, StreamObserver<GetPresenceResponse> response) {
        CallerContext.require();
        reply(
                response,
                GetPresenceResponse.newBuilder()
                        .addAllOnlineUserIds(presence.online(request.getUserIdsList()))
                        .build());
    }
}
