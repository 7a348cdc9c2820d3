package im.relay.messagegateway;

import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static im.relay.messagegateway.SessionsIT.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.testing.BearerCredentials;
import im.relay.messagegateway.cluster.NodeIdentity;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.messagegateway.v1.GetPresenceRequest;
import im.relay.proto.messagegateway.v1.PresenceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PresenceService, as friend-service calls it: any node answers for the sessions of all, for a user's token only. */
class PresenceGrpcIT {

    final GatewayCluster cluster = GatewayCluster.shared();
    ManagedChannel toNode2;

    @BeforeEach
    void channel() {
        toNode2 = ManagedChannelBuilder.forTarget(
                        cluster.node(2).getBean(NodeIdentity.class).address())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void close() {
        toNode2.shutdownNow();
    }

    @Test
    void anyNodeAnswersWhoHasASessionOnAnyNode() {
        String online = user("on-node-1");
        String offline = user("offline");
        var presence = PresenceServiceGrpc.newBlockingStub(toNode2)
                .withCallCredentials(new BearerCredentials(cluster.token(user("asker"), session())));
        try (WsClient client = cluster.connect(1, online, session(), "WEB")) {
            ping(client, "registered");

            assertThat(presence.getPresence(GetPresenceRequest.newBuilder()
                                    .addUserIds(online)
                                    .addUserIds(offline)
                                    .build())
                            .getOnlineUserIdsList())
                    .containsExactly(online);
        }
        assertThat(presence.getPresence(GetPresenceRequest.getDefaultInstance()).getOnlineUserIdsList())
                .isEmpty();
    }

    @Test
    void refusesACallWithoutAUserTokenEvenWithTheClusterSecret() {
        Metadata secret = new Metadata();
        secret.put(
                Metadata.Key.of("relay-node-secret", Metadata.ASCII_STRING_MARSHALLER), GatewayCluster.CLUSTER_SECRET);
        var anonymous = PresenceServiceGrpc.newBlockingStub(toNode2)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret));

        assertThatThrownBy(() -> anonymous.getPresence(
                        GetPresenceRequest.newBuilder().addUserIds(user("x")).build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
}
