package im.relay.common.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;

/** The small conversions every gRPC endpoint, client and event class needs. */
public final class Protos {

    private Protos() {}

    public static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder()
                .setSeconds(at.getEpochSecond())
                .setNanos(at.getNano())
                .build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** Answers a unary call. */
    public static <T> void reply(StreamObserver<T> response, T body) {
        response.onNext(body);
        response.onCompleted();
    }
}
