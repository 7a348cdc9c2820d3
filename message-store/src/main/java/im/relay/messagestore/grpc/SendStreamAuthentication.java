package im.relay.messagestore.grpc;

import im.relay.common.identity.ClusterSecret;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Admits a SendStream call only with message-gateway's cluster secret: on that stream the gateway names the sender
 * of each message, so nobody else may open it. Every other call passes on to the user-token check.
 */
public final class SendStreamAuthentication implements ServerInterceptor {

    private final ClusterSecret secret;

    public SendStreamAuthentication(ClusterSecret secret) {
        this.secret = secret;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if ("SendStream".equals(call.getMethodDescriptor().getBareMethodName()) && !secret.presentIn(headers)) {
            call.close(Status.PERMISSION_DENIED.withDescription("message-gateway only"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }
}
