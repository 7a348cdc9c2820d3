package im.relay.messagegateway.cluster;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import im.relay.common.error.GrpcErrors;
import im.relay.proto.messagegateway.v1.CloseSessionsRequest;
import im.relay.proto.messagegateway.v1.DeliverRequest;
import im.relay.proto.messagegateway.v1.DeliverResponse;
import im.relay.proto.messagegateway.v1.EventRecord;
import im.relay.proto.messagegateway.v1.MessageGatewayServiceGrpc;
import im.relay.proto.messagegateway.v1.Presence;
import im.relay.proto.messagegateway.v1.SessionAddress;
import im.relay.proto.messagegateway.v1.Typing;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The other gateway nodes, by the address their routes name. Nodes come and go, so channels are made on demand and
 * shut down when unused for a while, rather than configured.
 */
@Component
class NodeClient implements DisposableBean {

    /** What a node did with a Deliver: how many sockets got a frame, and which named sessions it does not hold. */
    record Delivered(int delivered, List<SessionRef> stale) {}

    private final Metadata secret = new Metadata();
    private final Duration timeout;
    private final int maxDeliveries;
    private final LoadingCache<String, ManagedChannel> channels = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .executor(Runnable::run)
            .<String, ManagedChannel>removalListener((node, channel, cause) -> {
                if (channel != null) {
                    channel.shutdown();
                }
            })
            .build(node -> ManagedChannelBuilder.forTarget(node).usePlaintext().build());

    NodeClient(ClusterProperties properties) {
        this.secret.put(ClusterSecretInterceptor.HEADER, properties.secret());
        this.timeout = properties.callTimeout();
        this.maxDeliveries = properties.maxDeliverRecords();
    }

    /** In calls of at most max-deliver-records deliveries each (a node refuses a call naming more records), in order. */
    Delivered deliver(String node, List<Delivery> deliveries) {
        int delivered = 0;
        List<SessionRef> stale = new ArrayList<>();
        for (int from = 0; from < deliveries.size(); from += maxDeliveries) {
            Delivered part =
                    deliverAtOnce(node, deliveries.subList(from, Math.min(deliveries.size(), from + maxDeliveries)));
            delivered += part.delivered();
            stale.addAll(part.stale());
        }
        return new Delivered(delivered, stale);
    }

    private Delivered deliverAtOnce(String node, List<Delivery> deliveries) {
        DeliverRequest.Builder request = DeliverRequest.newBuilder();
        for (Delivery delivery : deliveries) {
            var builder = request.addDeliveriesBuilder()
                    .addAllTargets(
                            delivery.targets().stream().map(NodeClient::address).toList());
            switch (delivery.source()) {
                case Source.Event event ->
                    builder.setEvent(EventRecord.newBuilder()
                            .setTopic(event.topic())
                            .setPartition(event.partition())
                            .setOffset(event.offset()));
                case Source.Typing typing ->
                    builder.setTyping(Typing.newBuilder()
                            .setConversationId(typing.conversationId())
                            .setUserId(typing.userId()));
                case Source.Presence presence ->
                    builder.setPresence(
                            Presence.newBuilder().setUserId(presence.userId()).setOnline(presence.online()));
                case null -> throw new IllegalArgumentException("a delivery without a source cannot be forwarded");
            }
        }
        try {
            DeliverResponse response = stub(node).deliver(request.build());
            return new Delivered(
                    response.getDelivered(),
                    response.getStaleList().stream()
                            .map(s -> new SessionRef(s.getUserId(), s.getSessionId()))
                            .toList());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    int closeSessions(String node, List<SessionRef> sessions, int closeCode, String finalFrameJson) {
        CloseSessionsRequest request = CloseSessionsRequest.newBuilder()
                .addAllSessions(sessions.stream().map(NodeClient::address).toList())
                .setCloseCode(closeCode)
                .setFinalFrameJson(finalFrameJson == null ? "" : finalFrameJson)
                .build();
        try {
            return stub(node).closeSessions(request).getClosed();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    private MessageGatewayServiceGrpc.MessageGatewayServiceBlockingStub stub(String node) {
        return MessageGatewayServiceGrpc.newBlockingStub(channels.get(node))
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret))
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static SessionAddress address(SessionRef session) {
        return SessionAddress.newBuilder()
                .setUserId(session.userId())
                .setSessionId(session.sessionId() == null ? "" : session.sessionId())
                .build();
    }

    @Override
    public void destroy() {
        channels.invalidateAll();
        channels.cleanUp();
    }
}
