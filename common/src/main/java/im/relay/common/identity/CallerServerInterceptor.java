package im.relay.common.identity;

import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusException;

/**
 * Verifies the bearer token of every incoming call and makes its owner the {@link CallerContext#current() current
 * caller}. A call without a token proceeds with no caller (endpoints that need one call
 * {@link CallerContext#require()}); a call with a bad token is refused before it reaches the endpoint.
 */
public final class CallerServerInterceptor implements ServerInterceptor {

    private final TokenVerifier verifier;

    public CallerServerInterceptor(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String authorization = headers.get(CallerContext.AUTHORIZATION);
        if (authorization == null) {
            return next.startCall(call, headers);
        }
        Caller caller;
        try {
            if (!authorization.regionMatches(true, 0, CallerContext.BEARER, 0, CallerContext.BEARER.length())) {
                throw new RelayException(
                        im.relay.common.error.ErrorCode.UNAUTHORIZED, "authorization must be a Bearer token");
            }
            caller = verifier.verify(
                    authorization.substring(CallerContext.BEARER.length()).strip());
        } catch (RelayException e) {
            StatusException status = GrpcErrors.toStatus(e);
            call.close(status.getStatus(), status.getTrailers());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(CallerContext.KEY, caller), call, headers, next);
    }
}
