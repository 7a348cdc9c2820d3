package im.relay.user.account;

import im.relay.proto.auth.v1.AuthServiceGrpc;
import im.relay.proto.auth.v1.EndOtherSessionsRequest;
import im.relay.proto.auth.v1.EndOtherSessionsResponse;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * auth-service as user-service sees it across the process boundary: a real gRPC server that remembers for whom
 * EndOtherSessions was called (the bearer token that came with each call), and whether with include_own. The
 * real one is tested in auth-service.
 */
final class FakeAuthService implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> TOKEN = Context.key("token");

    private final List<String> endOtherSessionsCalls = new CopyOnWriteArrayList<>();
    private final List<String> endAllSessionsCalls = new CopyOnWriteArrayList<>();
    private final Server server;

    private FakeAuthService() {
        ServerInterceptor bearer = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
                    io.grpc.ServerCall<Q, R> call, Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
                String header = headers.get(AUTHORIZATION);
                return Contexts.interceptCall(Context.current().withValue(TOKEN, header), call, headers, next);
            }
        };
        AuthServiceGrpc.AuthServiceImplBase auth = new AuthServiceGrpc.AuthServiceImplBase() {
            @Override
            public void endOtherSessions(
                    EndOtherSessionsRequest request, StreamObserver<EndOtherSessionsResponse> response) {
                (request.getIncludeOwn() ? endAllSessionsCalls : endOtherSessionsCalls)
                        .add(String.valueOf(TOKEN.get()));
                response.onNext(
                        EndOtherSessionsResponse.newBuilder().setEnded(1).build());
                response.onCompleted();
            }
        };
        server = ServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(auth, bearer))
                .build();
    }

    static FakeAuthService start() {
        FakeAuthService fake = new FakeAuthService();
        try {
            fake.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    String address() {
        return "static://127.0.0.1:" + server.getPort();
    }

    /** The {@code authorization} header of each EndOtherSessions call with include_own (a deletion) so far. */
    List<String> endAllSessionsCalls() {
        return List.copyOf(endAllSessionsCalls);
    }

    /** The {@code authorization} header of each EndOtherSessions call without include_own so far. */
    List<String> endOtherSessionsCalls() {
        return List.copyOf(endOtherSessionsCalls);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
