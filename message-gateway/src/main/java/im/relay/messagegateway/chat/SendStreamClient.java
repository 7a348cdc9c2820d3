package im.relay.messagegateway.chat;

import im.relay.common.concurrent.Timeouts;
import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.proto.chat.v1.SendBatch;
import im.relay.proto.chat.v1.SendEnvelope;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.chat.v1.SendMessageResponse;
import im.relay.proto.chat.v1.SendOutcome;
import im.relay.proto.chat.v1.SendOutcomes;
import io.grpc.Context;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * This node's send stream to one message server: every user's sends share one long-lived bidirectional call,
 * authenticated as message-gateway (the cluster secret) instead of by a token per message. Sends go out in the order
 * they were given, several per stream message when they queue up while the stream is busy; each completes when the
 * server's outcome for it comes back. If the stream breaks, its unanswered sends fail SERVICE_UNAVAILABLE (the
 * client retries with the same client id, which the server deduplicates) and the next send opens a new stream.
 */
final class SendStreamClient {

    private static final int MAX_BATCH = 256;

    private final Function<StreamObserver<SendOutcomes>, StreamObserver<SendBatch>> open;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<Call> current = new AtomicReference<>();
    private volatile boolean closed;

    /** {@code open} starts the SendStream rpc on a stub that carries the cluster secret. */
    SendStreamClient(Function<StreamObserver<SendOutcomes>, StreamObserver<SendBatch>> open, Duration timeout) {
        this.open = open;
        this.timeout = timeout;
    }

    CompletableFuture<SendMessageResponse> send(Caller caller, SendMessageRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "this node is shutting down; retry"));
        }
        SendEnvelope envelope = SendEnvelope.newBuilder()
                .setId(ids.incrementAndGet())
                .setSenderId(caller.userId())
                .setSessionId(caller.sessionId() == null ? "" : caller.sessionId())
                .setAccessToken(caller.accessToken() == null ? "" : caller.accessToken())
                .setRequest(request)
                .build();
        return Timeouts.orTimeout(call().submit(envelope), timeout)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        failure instanceof TimeoutException
                                ? new RelayException(
                                        ErrorCode.SERVICE_UNAVAILABLE,
                                        "the message was not acknowledged in time; retry")
                                : failure));
    }

    /**
     * At shutdown, before the channel: no new stream, and the open one is half-closed, so the server answers the sends
     * it has and ends the call. Left open, the call held the channel's termination for its whole grace period (30 s
     * on every stop after a send).
     */
    void close() {
        closed = true;
        Call call = current.getAndSet(null);
        if (call != null) {
            call.finish();
        }
    }

    private Call call() {
        Call call = current.get();
        while (call == null || call.dead) {
            Call fresh = new Call();
            if (current.compareAndSet(call, fresh)) {
                // a root context: the stream outlives whatever request happened to open it
                Context.ROOT.run(() -> open.apply(fresh));
                fresh.started();
                if (closed) {
                    // close() ran between this send's check and here: the stream it opened ends with the others
                    current.compareAndSet(fresh, null);
                    fresh.finish();
                }
                return fresh;
            }
            call = current.get();
        }
        return call;
    }

    /** One SendStream call and the sends waiting for its outcomes. */
    private final class Call implements ClientResponseObserver<SendBatch, SendOutcomes> {

        private final Map<Long, CompletableFuture<SendMessageResponse>> pending = new ConcurrentHashMap<>();
        private final Queue<SendEnvelope> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile ClientCallStreamObserver<SendBatch> requests;
        /** Set once the call has started: before that, others may already queue on it but not write. */
        private volatile boolean started;

        private volatile boolean dead;

        void started() {
            started = true;
            drain();
        }

        CompletableFuture<SendMessageResponse> submit(SendEnvelope envelope) {
            CompletableFuture<SendMessageResponse> outcome = new CompletableFuture<>();
            outcome.whenComplete((response, failure) -> pending.remove(envelope.getId()));
            pending.put(envelope.getId(), outcome);
            queue.add(envelope);
            if (dead) {
                outcome.completeExceptionally(broken("the message server's stream closed"));
            } else {
                drain();
            }
            return outcome;
        }

        /** Writes what is queued, then half-closes; the outcomes still come back. */
        void finish() {
            while (!draining.compareAndSet(false, true)) {
                Thread.onSpinWait(); // a drain in progress: it ends after its current write
            }
            try {
                ClientCallStreamObserver<SendBatch> stream = requests;
                if (stream == null || dead) {
                    return;
                }
                while (!queue.isEmpty()) {
                    SendBatch.Builder batch = SendBatch.newBuilder();
                    for (SendEnvelope next; batch.getSendsCount() < MAX_BATCH && (next = queue.poll()) != null; ) {
                        batch.addSends(next);
                    }
                    stream.onNext(batch.build());
                }
                stream.onCompleted();
            } catch (RuntimeException e) {
                die(new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message server's stream failed", e));
            } finally {
                dead = true; // no further writes; the outcomes and the server's end of the call still arrive
                draining.set(false);
            }
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<SendBatch> requests) {
            this.requests = requests;
            requests.setOnReadyHandler(this::drain);
        }

        /** Writes what is queued while the stream takes more; one writer at a time. */
        private void drain() {
            ClientCallStreamObserver<SendBatch> stream = requests;
            while (started
                    && stream != null
                    && !dead
                    && !queue.isEmpty()
                    && stream.isReady()
                    && draining.compareAndSet(false, true)) {
                try {
                    SendBatch.Builder batch = SendBatch.newBuilder();
                    for (SendEnvelope next; batch.getSendsCount() < MAX_BATCH && (next = queue.poll()) != null; ) {
                        batch.addSends(next);
                    }
                    if (batch.getSendsCount() > 0) {
                        stream.onNext(batch.build());
                    }
                } catch (RuntimeException e) {
                    die(new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message server's stream failed", e));
                } finally {
                    draining.set(false);
                }
            }
        }

        @Override
        public void onNext(SendOutcomes outcomes) {
            for (SendOutcome outcome : outcomes.getOutcomesList()) {
                CompletableFuture<SendMessageResponse> waiting = pending.get(outcome.getId());
                if (waiting == null) {
                    continue; // timed out here already
                }
                if (outcome.hasSent()) {
                    waiting.complete(outcome.getSent());
                } else {
                    waiting.completeExceptionally(refusal(outcome));
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            die(GrpcErrors.fromStatus(failure));
        }

        @Override
        public void onCompleted() {
            die(broken("the message server closed the stream"));
        }

        private void die(RelayException cause) {
            dead = true;
            current.compareAndSet(this, null);
            queue.clear();
            RelayException failure = cause.code() == ErrorCode.SERVICE_UNAVAILABLE
                    ? cause
                    : new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "the message server's stream failed", cause);
            pending.values().forEach(waiting -> waiting.completeExceptionally(failure));
            if (requests != null) {
                try {
                    requests.onError(io.grpc.Status.CANCELLED.asException());
                } catch (RuntimeException alreadyClosed) {
                    // nothing left to cancel
                }
            }
        }
    }

    private static RelayException refusal(SendOutcome outcome) {
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(outcome.getErrorCode());
        } catch (IllegalArgumentException unknown) {
            code = ErrorCode.SERVICE_UNAVAILABLE;
        }
        return new RelayException(
                code,
                outcome.getErrorDetail(),
                outcome.getRetryAfterSeconds() > 0 ? Duration.ofSeconds(outcome.getRetryAfterSeconds()) : null);
    }

    private static RelayException broken(String detail) {
        return new RelayException(ErrorCode.SERVICE_UNAVAILABLE, detail + "; retry");
    }
}
