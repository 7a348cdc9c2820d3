package im.relay.messagegateway;

import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static im.relay.messagegateway.SessionsIT.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.outbox.TopicProperties;
import im.relay.common.outbox.Topics;
import im.relay.common.testing.ApiClient;
import im.relay.messagegateway.cluster.NodeIdentity;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.messagegateway.v1.CloseSessionsRequest;
import im.relay.proto.messagegateway.v1.DeliverRequest;
import im.relay.proto.messagegateway.v1.MessageGatewayServiceGrpc;
import im.relay.proto.messagegateway.v1.SessionAddress;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** What operators and the other nodes see: health, metrics, and a node-to-node API closed to everyone else. */
class OperationsIT {

    final GatewayCluster cluster = GatewayCluster.shared();

    @Test
    void exportsTheGatewayMetricsForPrometheus() {
        try (WsClient client = cluster.connect(1, user("meter"), session(), "WEB")) {
            ping(client, "counted");

            ApiClient.Reply metrics = new ApiClient(URI.create("http://127.0.0.1:" + cluster.managementPort(1)))
                    .get("/actuator/prometheus");

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("relay_ws_connections{")
                    .contains("relay_ws_frames_in_total{")
                    .contains("type=\"ping\"")
                    .contains("relay_ws_frames_out_total{")
                    .contains("relay_messages_delivered_total{")
                    .contains("relay_deliveries_forwarded_total{")
                    .contains("relay_ws_send_ack_seconds_bucket{")
                    .contains("relay_messages_deliver_latency_seconds_bucket{")
                    .contains("kafka_consumer_fetch_manager_records_lag_max{");
        }
    }

    @Test
    void declaresEveryTopicOfTheSystemWithTheConfiguredPartitions() {
        int configured = cluster.node(1).getBean(TopicProperties.class).topicPartitions();

        // relay.users too, which a node does not read: the broker alone would not have made it, and would have made
        // the others with its own partition count (4) when a consumer or producer first named them
        assertThat(cluster.partitions(Topics.ALL))
                .containsOnlyKeys(Topics.ALL)
                .allSatisfy((topic, partitions) -> assertThat(partitions).isEqualTo(configured));
    }

    @Test
    void reportsHealthWithoutAToken() {
        ApiClient.Reply health =
                new ApiClient(URI.create("http://127.0.0.1:" + cluster.managementPort(2))).get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void refusesNodeToNodeCallsWithoutTheClusterSecret() {
        String user = user("target");
        String session = session();
        try (WsClient client = cluster.connect(2, user, session, "WEB")) {
            ping(client, "online");
            ManagedChannel channel = ManagedChannelBuilder.forTarget(
                            cluster.node(2).getBean(NodeIdentity.class).address())
                    .usePlaintext()
                    .build();
            try {
                var anonymous = MessageGatewayServiceGrpc.newBlockingStub(channel);
                assertThatThrownBy(() -> anonymous.closeSessions(CloseSessionsRequest.newBuilder()
                                .addSessions(SessionAddress.newBuilder()
                                        .setUserId(user)
                                        .setSessionId(session))
                                .setCloseCode(4001)
                                .build()))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
                ping(client, "still-open");

                Metadata secret = new Metadata();
                secret.put(
                        Metadata.Key.of("relay-node-secret", Metadata.ASCII_STRING_MARSHALLER),
                        GatewayCluster.CLUSTER_SECRET);
                var node = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret));
                assertThat(node.deliver(DeliverRequest.getDefaultInstance()).getDelivered())
                        .isZero();
            } finally {
                channel.shutdownNow();
            }
        }
    }
}
