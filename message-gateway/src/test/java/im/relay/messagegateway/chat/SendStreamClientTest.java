package im.relay.messagegateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.RelayException;
import im.relay.common.identity.Caller;
import im.relay.proto.chat.v1.ChatServiceGrpc;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.SendBatch;
import im.relay.proto.chat.v1.SendEnvelope;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.chat.v1.SendMessageResponse;
import im.relay.proto.chat.v1.SendOutcome;
import im.relay.proto.chat.v1.SendOutcomes;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's end of the send stream against a real gRPC server whose SendStream answers as told by the content:
 * "hang" is never answered, "break" fails the whole stream, "refuse" is refused in band, anything else is stored
 * (the outcomes of a batch come back in reverse order, so they must be matched by id).
 */
class SendStreamClientTest {

    private final AtomicInteger streamsOpened = new AtomicInteger();
    private Server server;
    private ManagedChannel channel;
    private SendStreamClient sends;

    @BeforeEach
    void start() throws IOException {
        server = ServerBuilder.forPort(0).addService(new SendStreams()).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .usePlaintext()
                .build();
        ChatServiceGrpc.ChatServiceStub stub = ChatServiceGrpc.newStub(channel);
        sends = new SendStreamClient(stub::sendStream, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void sendsShareOneStreamAndEachGetsItsOwnOutcome() {
        List<CompletableFuture<SendMessageResponse>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(sends.send(alice(), request("text " + i)));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(sent.get(i).join().getMessage().getContent()).isEqualTo("text " + i);
        }
        assertThat(streamsOpened).hasValue(1);
    }

    @Test
    void aRefusalComesBackAsTheServersError() {
        assertThatThrownBy(() -> sends.send(alice(), request("refuse")).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FRIENDS));
        assertThat(sends.send(alice(), request("after")).join().getMessage().getContent())
                .isEqualTo("after");
        assertThat(streamsOpened).as("a refusal does not end the stream").hasValue(1);
    }

    @Test
    void aBrokenStreamFailsItsUnansweredSendsAsRetryableAndTheNextSendOpensAnother() {
        CompletableFuture<SendMessageResponse> waiting = sends.send(alice(), request("hang"));
        CompletableFuture<SendMessageResponse> breaking = sends.send(alice(), request("break"));

        for (CompletableFuture<SendMessageResponse> failed : List.of(waiting, breaking)) {
            assertThatThrownBy(failed::join)
                    .cause()
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        }
        assertThat(sends.send(alice(), request("again")).join().getMessage().getContent())
                .isEqualTo("again");
        assertThat(streamsOpened).hasValue(2);
    }

    @Test
    void closingEndsTheStreamSoTheChannelTerminatesAndTheSendsInHandStillGetTheirOutcomes() throws Exception {
        List<CompletableFuture<SendMessageResponse>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(sends.send(alice(), request("text " + i)));
        }
        sends.close();

        for (int i = 0; i < 20; i++) {
            assertThat(sent.get(i).join().getMessage().getContent()).isEqualTo("text " + i);
        }
        // an open stream held a channel's (graceful) termination until the end of its grace period
        assertThat(channel.shutdown().awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> sends.send(alice(), request("late")).join())
                .cause()
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        assertThat(streamsOpened).hasValue(1);
    }

    @Test
    void aSendWithoutAnOutcomeTimesOutAsRetryable() {
        ChatServiceGrpc.ChatServiceStub stub = ChatServiceGrpc.newStub(channel);
        SendStreamClient impatient = new SendStreamClient(stub::sendStream, Duration.ofMillis(500));
        assertThatThrownBy(() -> impatient.send(alice(), request("hang")).join())
                .cause()
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    }

    private static Caller alice() {
        return new Caller("00000000-0000-0000-0000-00000000000a", "session-1", "token");
    }

    private static SendMessageRequest request(String content) {
        return SendMessageRequest.newBuilder()
                .setTo("00000000-0000-0000-0000-00000000000b")
                .setClientMsgId(content)
                .setContent(content)
                .build();
    }

    private final class SendStreams extends ChatServiceGrpc.ChatServiceImplBase {

        @Override
        public StreamObserver<SendBatch> sendStream(StreamObserver<SendOutcomes> response) {
            streamsOpened.incrementAndGet();
            return new StreamObserver<>() {
                @Override
                public void onNext(SendBatch batch) {
                    SendOutcomes.Builder outcomes = SendOutcomes.newBuilder();
                    for (SendEnvelope envelope : batch.getSendsList().reversed()) {
                        String content = envelope.getRequest().getContent();
                        switch (content) {
                            case "hang" -> {}
                            case "break" -> {
                                response.onError(Status.UNAVAILABLE.asException());
                                return;
                            }
                            case "refuse" ->
                                outcomes.addOutcomes(SendOutcome.newBuilder()
                                        .setId(envelope.getId())
                                        .setErrorCode("NOT_FRIENDS")
                                        .setErrorDetail("you are not friends"));
                            default ->
                                outcomes.addOutcomes(SendOutcome.newBuilder()
                                        .setId(envelope.getId())
                                        .setSent(SendMessageResponse.newBuilder()
                                                .setCreated(true)
                                                .setMessage(Message.newBuilder()
                                                        .setSenderId(envelope.getSenderId())
                                                        .setContent(content))));
                        }
                    }
                    response.onNext(outcomes.build());
                }

                @Override
                public void onError(Throwable failure) {}

                @Override
                public void onCompleted() {
                    response.onCompleted();
                }
            };
        }
    }
}
