package im.relay.friend.friendship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.identity.CallerContext;
import im.relay.proto.messagegateway.v1.GetPresenceRequest;
import im.relay.proto.messagegateway.v1.GetPresenceResponse;
import im.relay.proto.messagegateway.v1.PresenceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;

/** PresenceClient against a PresenceService of the test's own, over gRPC's in-process transport. */
class PresenceClientTest {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    final String name = "presence-" + UUID.randomUUID();
    final Caller caller = new Caller(UUID.randomUUID().toString(), "session", "the-callers-token");
    final List<GetPresenceRequest> asked = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    Server server;
    ManagedChannel channel;

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void asksWithTheCallersTokenAndAnswersWhoIsOnline() throws IOException {
        UUID on = UUID.randomUUID();
        UUID off = UUID.randomUUID();
        PresenceClient client = serving(Status.OK, Set.of(on));

        Set<UUID> online = CallerContext.runAsCall(caller, () -> client.online(List.of(on, off)));

        assertThat(online).containsExactly(on);
        assertThat(asked)
                .singleElement()
                .satisfies(
                        request -> assertThat(request.getUserIdsList()).containsExactly(on.toString(), off.toString()));
        assertThat(authorizations).containsExactly("Bearer the-callers-token");
    }

    @Test
    void asksNothingAboutNobody() throws IOException {
        PresenceClient client = serving(Status.OK, Set.of());

        assertThat(client.online(List.of())).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void showsEveryoneOfflineWhileMessageGatewayCannotAnswer() throws IOException {
        PresenceClient client = serving(Status.UNAVAILABLE, Set.of());

        assertThat(CallerContext.runAsCall(caller, () -> client.online(List.of(UUID.randomUUID()))))
                .isEmpty();
        assertThat(asked).hasSize(1);
    }

    @Test
    void passesOnARefusal() throws IOException {
        PresenceClient client = serving(Status.UNAUTHENTICATED.withDescription("no valid access token"), Set.of());

        assertThatThrownBy(() -> client.online(List.of(UUID.randomUUID())))
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    /** A PresenceService that fails with {@code status} unless it is OK, and else answers {@code online}. */
    private PresenceClient serving(Status status, Set<UUID> online) throws IOException {
        PresenceServiceGrpc.PresenceServiceImplBase presence = new PresenceServiceGrpc.PresenceServiceImplBase() {
            @Override
            public void getPresence(GetPresenceRequest request, StreamObserver<GetPresenceResponse> response) {
                asked.add(request);
                if (!status.isOk()) {
                    response.onError(status.asRuntimeException());
                    return;
                }
                response.onNext(GetPresenceResponse.newBuilder()
                        .addAllOnlineUserIds(request.getUserIdsList().stream()
                                .filter(id -> online.contains(UUID.fromString(id)))
                                .toList())
                        .build());
                response.onCompleted();
            }
        };
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(presence, new io.grpc.ServerInterceptor() {
                    @Override
                    public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                            io.grpc.ServerCall<Q, R> call, Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
                        String authorization = headers.get(AUTHORIZATION);
                        if (authorization != null) {
                            authorizations.add(authorization);
                        }
                        return next.startCall(call, headers);
                    }
                }))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name)
                .directExecutor()
                .intercept(new CallerClientInterceptor())
                .build();
        return new PresenceClient(new GrpcChannelFactory() {
            @Override
            public boolean supports(String target) {
                return true;
            }

            @Override
            public ManagedChannel createChannel(String target, ChannelBuilderOptions options) {
                assertThat(target).isEqualTo("message-gateway");
                return channel;
            }
        });
    }
}
