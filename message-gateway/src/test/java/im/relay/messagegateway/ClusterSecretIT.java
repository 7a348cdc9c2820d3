package im.relay.messagegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.testing.TestServices;
import im.relay.engines.Engines;
import im.relay.messagegateway.cluster.NodeIdentity;
import im.relay.messagegateway.support.GatewayCluster;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The node-to-node door: no node starts with a secret anyone can read, and the gRPC port lists no services. */
class ClusterSecretIT {

    /** The shared cluster makes the event topics (4 partitions each); a node of this test would make them with 8. */
    @BeforeAll
    static void sharedClusterFirst() {
        GatewayCluster.shared();
    }

    @Test
    void refusesToStartWithoutAClusterSecret() {
        assertThatThrownBy(() -> start(Map.of()))
                .hasStackTraceContaining("relay.message-gateway.cluster.secret")
                .hasStackTraceContaining("RELAY_MESSAGEGATEWAY_CLUSTER_SECRET");
    }

    @Test
    void refusesTheCommittedDevSecretOutsideTheDevProfile() {
        assertThatThrownBy(
                        () -> start(Map.of("relay.message-gateway.cluster.secret", "dev-only-message-gateway-secret")))
                .hasStackTraceContaining("the committed dev-only value");
    }

    @Test
    void startsWithTheDevSecretInTheDevProfile() {
        try (ConfigurableApplicationContext node = start(Map.of("spring.profiles.active", "dev"))) {
            assertThat(node.isActive()).isTrue();
        }
    }

    @Test
    void answersNoReflectionQueries() throws Exception {
        GatewayCluster cluster = GatewayCluster.shared();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(
                        cluster.node(1).getBean(NodeIdentity.class).address())
                .usePlaintext()
                .build();
        try {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            outcome.complete(null);
                        }

                        @Override
                        public void onError(Throwable t) {
                            outcome.complete(t);
                        }

                        @Override
                        public void onCompleted() {
                            outcome.complete(null);
                        }
                    });
            requests.onNext(
                    ServerReflectionRequest.newBuilder().setListServices("*").build());
            requests.onCompleted();
            assertThat(outcome.get(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        } finally {
            channel.shutdownNow();
        }
    }

    private static ConfigurableApplicationContext start(Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.grpc.server.port", "0");
        properties.put("spring.data.redis.url", Engines.shared().redis().url());
        properties.put(
                "spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        properties.putAll(extra);
        return TestServices.start(MessageGatewayApplication.class, properties);
    }
}
