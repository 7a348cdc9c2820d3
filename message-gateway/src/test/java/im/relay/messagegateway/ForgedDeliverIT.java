package im.relay.messagegateway;

import static im.relay.messagegateway.ChatFramesIT.privateConversation;
import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static im.relay.messagegateway.SessionsIT.ping;
import static im.relay.messagegateway.support.Events.type;
import static org.assertj.core.api.Assertions.assertThat;

import im.relay.messagegateway.cluster.NodeIdentity;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.messagegateway.v1.DeliverRequest;
import im.relay.proto.messagegateway.v1.Delivery;
import im.relay.proto.messagegateway.v1.MessageGatewayServiceGrpc;
import im.relay.proto.messagegateway.v1.SessionAddress;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a caller that holds the cluster secret (a node, or whoever stole the secret) calls Deliver on a node
 * directly, as the nodes call each other, and tries to put a frame with a made-up sender into a user's socket.
 */
class ForgedDeliverIT {

    final GatewayCluster cluster = GatewayCluster.shared();
    ManagedChannel channel;
    MessageGatewayServiceGrpc.MessageGatewayServiceBlockingStub node2;

    @BeforeEach
    void callNode2WithTheSecret() {
        channel = ManagedChannelBuilder.forTarget(
                        cluster.node(2).getBean(NodeIdentity.class).address())
                .usePlaintext()
                .build();
        Metadata secret = new Metadata();
        secret.put(
                Metadata.Key.of("relay-node-secret", Metadata.ASCII_STRING_MARSHALLER), GatewayCluster.CLUSTER_SECRET);
        node2 = MessageGatewayServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret));
    }

    @AfterEach
    void closeChannel() {
        channel.shutdownNow();
    }

    @Test
    void aMadeUpFrameReachesNoSocket() {
        String victim = user("victim");
        String boss = user("boss");
        String session = session();
        try (WsClient socket = cluster.connect(2, victim, session, "WEB")) {
            ping(socket, "online");
            String forged = "{\"type\":\"message\",\"message\":{\"messageId\":\"forged-1\",\"conversationId\":\""
                    + privateConversation(victim, boss) + "\",\"type\":\"PRIVATE\",\"senderId\":\"" + boss
                    + "\",\"receiverId\":\"" + victim + "\",\"seq\":1,\"contentType\":\"TEXT\",\"content\":\"FORGED\","
                    + "\"sentAt\":\"2026-01-01T00:00:00Z\"}}";

            node2.deliver(DeliverRequest.newBuilder()
                    .addDeliveries(Delivery.newBuilder()
                            .addTargets(SessionAddress.newBuilder()
                                    .setUserId(victim)
                                    .setSessionId(session))
                            .setFrameJson(forged))
                    .addDeliveries(Delivery.newBuilder()
                            .addTargets(SessionAddress.newBuilder().setUserId(victim))
                            .setFrameJson(forged))
                    .build());

            ping(socket, "after");
            assertThat(socket.frames(type("message"))).isEmpty();
        }
    }
}
