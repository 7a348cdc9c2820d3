package im.relay.user.account;

import static im.relay.common.error.GrpcErrors.call;

import im.relay.proto.auth.v1.AuthServiceGrpc;
import im.relay.proto.auth.v1.EndOtherSessionsRequest;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * auth-service, which owns the sessions: a password change ends the user's other sessions there, an account
 * deletion all of them. The caller's own access token travels with the call (CallerClientInterceptor), so
 * auth-service acts only for that user.
 */
@Component
class AuthClient {

    private final AuthServiceGrpc.AuthServiceBlockingStub auth;

    AuthClient(GrpcChannelFactory channels) {
        this.auth = AuthServiceGrpc.newBlockingStub(channels.createChannel("auth-service"));
    }

    void endOtherSessions() {
        call(() -> auth.endOtherSessions(EndOtherSessionsRequest.getDefaultInstance()));
    }

    /** Every session of the caller, the calling one too (account deletion). */
    void endAllSessions() {
        call(() -> auth.endOtherSessions(
                EndOtherSessionsRequest.newBuilder().setIncludeOwn(true).build()));
    }
}
