package im.relay.messagegateway.cluster;

import static im.relay.common.grpc.Protos.reply;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.proto.messagegateway.v1.CloseSessionsRequest;
import im.relay.proto.messagegateway.v1.CloseSessionsResponse;
import im.relay.proto.messagegateway.v1.DeliverRequest;
import im.relay.proto.messagegateway.v1.DeliverResponse;
import im.relay.proto.messagegateway.v1.MessageGatewayServiceGrpc;
import im.relay.proto.messagegateway.v1.SessionAddress;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.stereotype.Service;

/** MessageGatewayService for the other nodes (other services ask for presence at presence.PresenceGrpcEndpoint). */
@Service
@GrpcService(interceptors = ClusterSecretInterceptor.class)
class MessageGatewayGrpcEndpoint extends MessageGatewayServiceGrpc.MessageGatewayServiceImplBase {

    private final DeliveryService delivery;

    MessageGatewayGrpcEndpoint(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void deliver(DeliverRequest request, StreamObserver<DeliverResponse> response) {
        List<Delivery> deliveries = request.getDeliveriesList().stream()
                .map(d -> new Delivery(
                        d.getTargetsList().stream()
                                .map(MessageGatewayGrpcEndpoint::session)
                                .toList(),
                        d.getExceptSessionId().isEmpty() ? null : d.getExceptSessionId(),
                        d.getFrameJson()))
                .toList();
        DeliveryService.LocalResult result = delivery.deliverHere(deliveries);
        reply(
                response,
                DeliverResponse.newBuilder()
                        .setDelivered(result.delivered())
                        .addAllStale(result.stale().stream()
                                .map(s -> SessionAddress.newBuilder()
                                        .setUserId(s.userId())
                                        .setSessionId(s.sessionId())
                                        .build())
                                .toList())
                        .build());
    }

    @Override
    public void closeSessions(CloseSessionsRequest request, StreamObserver<CloseSessionsResponse> response) {
        if (request.getCloseCode() < 1000 || request.getCloseCode() > 4999) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "close_code must be a WebSocket close code");
        }
        int closed = delivery.closeHere(
                request.getSessionsList().stream()
                        .map(MessageGatewayGrpcEndpoint::session)
                        .toList(),
                request.getCloseCode(),
                request.getFinalFrameJson().isEmpty() ? null : request.getFinalFrameJson());
        reply(response, CloseSessionsResponse.newBuilder().setClosed(closed).build());
    }

    private static SessionRef session(SessionAddress address) {
        return new SessionRef(address.getUserId(), address.getSessionId());
    }
}
