package im.relay.messagestore.grpc;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.common.identity.CallerContext;
import im.relay.messagestore.send.SendService;
import im.relay.proto.chat.v1.SendBatch;
import im.relay.proto.chat.v1.SendEnvelope;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.chat.v1.SendMessageResponse;
import im.relay.proto.chat.v1.SendOutcome;
import im.relay.proto.chat.v1.SendOutcomes;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of one message-gateway send stream. Envelopes arrive in the gateway's order (gRPC calls this
 * observer one message at a time); each sender's are handed to the batcher in that order, on virtual threads of
 * {@code workers}, so one sender's messages to one conversation get their seqs in the order sent while other senders
 * go on beside it. Outcomes go back as batches commit: a flush on {@code workers} takes every outcome ready by then
 * into one stream message.
 */
final class SendStreamGrpcEndpoint implements StreamObserver<SendBatch> {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final Logger log = LoggerFactory.getLogger(SendStreamGrpcEndpoint.class);

    private final SendService messages;
    private final ServerCallStreamObserver<SendOutcomes> out;
    private final Executor workers;
    private final Queue<SendOutcome> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Per sender, the hand-over of its latest envelope; only onNext (one call at a time) adds to it. */
    private final Map<String, CompletableFuture<Void>> handedOver = new ConcurrentHashMap<>();

    private volatile boolean halfClosed;
    private volatile boolean done;

    SendStreamGrpcEndpoint(SendService messages, ServerCallStreamObserver<SendOutcomes> out, Executor workers) {
        this.messages = messages;
        this.out = out;
        this.workers = workers;
        out.setOnCancelHandler(() -> done = true);
    }

    @Override
    public void onNext(SendBatch batch) {
        for (SendEnvelope envelope : batch.getSendsList()) {
            accept(envelope);
        }
    }

    /**
     * Takes an envelope without waiting for it: its rules may have to be asked of another service (a policy cache
     * miss), and one slow answer must not hold up every other sender on the stream. Each sender's envelopes are
     * handed to the store one after the other, so one sender's messages keep their order; different senders go on in
     * parallel.
     */
    private void accept(SendEnvelope envelope) {
        inFlight.incrementAndGet();
        String sender = envelope.getSenderId();
        CompletableFuture<Void> previous = handedOver.getOrDefault(sender, DONE);
        CompletableFuture<Void> mine =
                previous.exceptionally(failure -> null).thenRunAsync(() -> handOver(envelope), workers);
        handedOver.put(sender, mine);
        mine.whenComplete((done, failure) -> handedOver.remove(sender, mine));
    }

    /** Checks the rules and queues the message for its batch; the outcome goes back when the batch commits. */
    private void handOver(SendEnvelope envelope) {
        CompletableFuture<SendService.Sent> sent;
        try {
            UUID.fromString(envelope.getSenderId()); // the gateway's own bug, not the user's, if this fails
            Caller caller = new Caller(envelope.getSenderId(), envelope.getSessionId(), envelope.getAccessToken());
            SendMessageRequest request = envelope.getRequest();
            // The caller's token travels on only if a rule must be asked of another service (a cache miss).
            sent = CallerContext.runAsCall(
                    caller,
                    () -> messages.sendAsync(
                            caller,
                            request.getTo(),
                            request.getClientMsgId(),
                            MessageMapper.contentType(request.getContentType()),
                            request.getContent(),
                            MessageMapper.references(request)));
        } catch (RelayException e) {
            finish(failure(envelope.getId(), e));
            return;
        } catch (RuntimeException e) {
            log.warn("A send on the gateway stream failed before the store", e);
            finish(failure(envelope.getId(), new RelayException(ErrorCode.SERVICE_UNAVAILABLE, "not stored", e)));
            return;
        }
        sent.whenComplete((result, failure) -> finish(
                failure == null
                        ? SendOutcome.newBuilder()
                                .setId(envelope.getId())
                                .setSent(SendMessageResponse.newBuilder()
                                        .setMessage(MessageMapper.proto(result.message()))
                                        .setCreated(result.created()))
                                .build()
                        : failure(envelope.getId(), ChatGrpcEndpoint.relayFailure(failure))));
    }

    private static SendOutcome failure(long id, RelayException e) {
        SendOutcome.Builder outcome =
                SendOutcome.newBuilder().setId(id).setErrorCode(e.code().name()).setErrorDetail(e.detail());
        e.retryAfter().ifPresent(wait -> outcome.setRetryAfterSeconds(GrpcErrors.seconds(wait)));
        return outcome.build();
    }

    private void finish(SendOutcome outcome) {
        ready.add(outcome);
        inFlight.decrementAndGet();
        if (flushScheduled.compareAndSet(false, true)) {
            workers.execute(this::flush);
        }
    }

    /** Runs on one workers task at a time (flushScheduled), so the observer is never called concurrently. */
    private void flush() {
        flushScheduled.set(false);
        SendOutcomes.Builder outcomes = SendOutcomes.newBuilder();
        for (SendOutcome outcome; (outcome = ready.poll()) != null; ) {
            outcomes.addOutcomes(outcome);
        }
        synchronized (this) {
            if (done) {
                return; // the gateway went away: its clients retry with the same client ids
            }
            try {
                if (outcomes.getOutcomesCount() > 0) {
                    out.onNext(outcomes.build());
                }
                if (halfClosed && inFlight.get() == 0 && ready.isEmpty()) {
                    done = true;
                    out.onCompleted();
                }
            } catch (RuntimeException cancelled) {
                done = true; // the gateway went away while this flush ran
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        done = true; // cancelled by the gateway; what was queued still commits and answers a retry
    }

    @Override
    public void onCompleted() {
        halfClosed = true;
        workers.execute(this::flush);
    }
}
