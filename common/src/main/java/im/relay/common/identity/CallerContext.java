package im.relay.common.identity;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import io.grpc.Context;
import io.grpc.Metadata;
import java.util.Optional;

/**
 * The caller of the current gRPC call. The caller travels between services as its own access token in the
 * standard {@code authorization} header, so every service verifies it again rather than trusting a bare user id.
 */
public final class CallerContext {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String BEARER = "Bearer ";
    static final Context.Key<Caller> KEY = Context.key("relay-caller");

    private CallerContext() {}

    public static Optional<Caller> current() {
        return Optional.ofNullable(KEY.get());
    }

    /** The caller, or UNAUTHORIZED when the call carries no verified token. */
    public static Caller require() {
        return current().orElseThrow(() -> new RelayException(ErrorCode.UNAUTHORIZED, "no valid access token"));
    }

    /** Runs {@code work} with {@code caller} as the current caller, so that outgoing calls carry their token. */
    public static void runAs(Caller caller, Runnable work) {
        Context.current().withValue(KEY, caller).run(work);
    }

    /** As {@link #runAs(Caller, Runnable)}, returning what {@code work} returns. */
    public static <T> T callAs(Caller caller, java.util.concurrent.Callable<T> work) throws Exception {
        return Context.current().withValue(KEY, caller).call(work);
    }

    /** As {@link #callAs} for work that throws no checked exception. */
    public static <T> T runAsCall(Caller caller, java.util.function.Supplier<T> work) {
        Context previous = Context.current().withValue(KEY, caller).attach();
        try {
            return work.get();
        } finally {
            Context.current().detach(previous);
        }
    }
}
