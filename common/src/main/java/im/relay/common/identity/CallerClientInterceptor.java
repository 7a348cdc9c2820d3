package im.relay.common.identity;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Passes the current caller's access token on to the service being called. */
public final class CallerClientInterceptor implements ClientInterceptor {

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                CallerContext.current()
                        .ifPresent(caller ->
                                headers.put(CallerContext.AUTHORIZATION, CallerContext.BEARER + caller.accessToken()));
                super.start(listener, headers);
            }
        };
    }
}
