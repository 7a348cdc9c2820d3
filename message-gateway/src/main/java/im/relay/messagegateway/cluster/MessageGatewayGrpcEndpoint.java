package im.relay.messagegateway.cluster;

import static im.relay.common.grpc.Protos.reply;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.messagegateway.frame.Frames;
import im.relay.proto.messagegateway.v1.CloseSessionsRequest;
import im.relay.proto.messagegateway.v1.CloseSessionsResponse;
import im.relay.proto.messagegateway.v1.DeliverRequest;
import im.relay.proto.messagegateway.v1.DeliverResponse;
import im.relay.proto.messagegateway.v1.MessageGatewayServiceGrpc;
import im.relay.proto.messagegateway.v1.SessionAddress;
import io.grpc.stub.StreamObserver;
import java.util.List;
import org.jspecify.annotations.Nullable;
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
                        source(d)))
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
        // the one final frame a node sends; any other would be a frame of the caller's own making
        if (!request.getFinalFrameJson().isEmpty()
                && !request.getFinalFrameJson().equals(Frames.kicked())) {
            throw new RelayException(ErrorCode.VALIDATION_FAILED, "final_frame_json must be empty or the kicked frame");
        }
        int closed = delivery.closeHere(
                request.getSessionsList().stream()
                        .map(MessageGatewayGrpcEndpoint::session)
                        .toList(),
                request.getCloseCode(),
                request.getFinalFrameJson().isEmpty() ? null : request.getFinalFrameJson());
        reply(response, CloseSessionsResponse.newBuilder().setClosed(closed).build());
    }

    private static @Nullable Source source(im.relay.proto.messagegateway.v1.Delivery delivery) {
        return switch (delivery.getSourceCase()) {
            case EVENT ->
                new Source.Event(
                        delivery.getEvent().getTopic(),
                        delivery.getEvent().getPartition(),
                        delivery.getEvent().getOffset());
            case TYPING ->
                new Source.Typing(
                        delivery.getTyping().getConversationId(),
                        delivery.getTyping().getUserId());
            case PRESENCE ->
                new Source.Presence(
                        delivery.getPresence().getUserId(),
                        delivery.getPresence().getOnline());
            case SOURCE_NOT_SET -> null;
        };
    }

    private static SessionRef session(SessionAddress address) {
        return new SessionRef(address.getUserId(), address.getSessionId());
    }
}
