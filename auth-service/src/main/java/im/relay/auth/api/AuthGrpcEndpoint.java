package im.relay.auth.api;

import static im.relay.common.grpc.Protos.reply;

import im.relay.auth.session.SessionService;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.proto.auth.v1.AuthServiceGrpc;
import im.relay.proto.auth.v1.EndOtherSessionsRequest;
import im.relay.proto.auth.v1.EndOtherSessionsResponse;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/** AuthService over gRPC: user-service ends a user's sessions after a password change or an account deletion. */
@Service
class AuthGrpcEndpoint extends AuthServiceGrpc.AuthServiceImplBase {

    private final SessionService sessions;

    AuthGrpcEndpoint(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public void endOtherSessions(EndOtherSessionsRequest request, StreamObserver<EndOtherSessionsResponse> response) {
        Caller caller = CallerContext.require();
        int ended = request.getIncludeOwn()
                ? sessions.endAll(caller.userId(), null, "ACCOUNT_DELETED")
                : sessions.endAll(caller.userId(), caller.sessionId(), "OTHER_SESSIONS_ENDED");
        reply(response, EndOtherSessionsResponse.newBuilder().setEnded(ended).build());
    }
}
