package im.relay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.messagegateway.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What an IM must survive: Kafka down, a message-gateway node going away mid-stream, a message server restarting
 * mid-stream. In each, every acknowledged message reaches the receiver, who sees each once by message id.
 */
class MessagingFaultsIT extends MessagingTestBase {

    @Test
    void withKafkaDownSendsAreStillAckedAndAllDeliveredWhenItReturns() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        String conversation = privateConversation(alice, bob);
        try (WsClient aliceSocket = connect(alice, 0, "WEB");
                WsClient bobSocket = connect(bob, 1, "WEB")) {
            assertThat(type(send(aliceSocket, "PRIVATE", bob.id(), "k-0", "before")))
                    .isEqualTo("ack");
            bobSocket.await(frame -> messages(bobSocket, conversation).size() == 1);

            system.kafka.stop();
            List<Long> acked = new ArrayList<>();
            try {
                for (int n = 1; n <= 20; n++) {
                    JsonNode reply = send(aliceSocket, "PRIVATE", bob.id(), "k-" + n, "while Kafka is down " + n);
                    assertThat(type(reply)).as(reply.toString()).isEqualTo("ack");
                    acked.add(reply.path("message").path("seq").asLong());
                }
            } finally {
                system.kafka.restart();
            }
            assertThat(acked)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(2, 21).boxed().toList());
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(seqs(messages(bobSocket, conversation)))
                            .containsExactlyElementsOf(
                                    LongStream.rangeClosed(1, 21).boxed().toList()));
        }
    }

    @Test
    void whenANodeGoesAwayItsClientsReconnectToTheOtherAndLoseNothing() throws Exception {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        String conversation = privateConversation(alice, bob);
        Map<String, JsonNode> bobSaw = new LinkedHashMap<>();
        try (WsClient aliceSocket = connect(alice, 1, "WEB")) {
            WsClient bobOnNode0 = connect(bob, 0, "WEB");
            CompletableFuture<List<Long>> stream = CompletableFuture.supplyAsync(() -> {
                List<Long> acked = new ArrayList<>();
                for (int n = 0; n < 150; n++) {
                    JsonNode reply = send(aliceSocket, "PRIVATE", bob.id(), "n-" + n, "stream " + n);
                    assertThat(type(reply)).as(reply.toString()).isEqualTo("ack");
                    acked.add(reply.path("message").path("seq").asLong());
                    pause(10);
                }
                return acked;
            });
            await().until(() -> messages(bobOnNode0, conversation).size() >= 30);

            system.restart(system.messageGateways, 0, () -> {
                assertThat(bobOnNode0.awaitClose()).as("going away").isEqualTo(1001);
                messages(bobOnNode0, conversation)
                        .forEach(m -> bobSaw.put(m.path("messageId").asString(), m));
                try (WsClient bobOnNode1 = connect(bob, 1, "WEB")) {
                    List<Long> acked = stream.join();
                    await().untilAsserted(() -> {
                        // what arrives live, plus a sync from the end of what it holds without a gap, as a
                        // client does after reconnecting
                        messages(bobOnNode1, conversation)
                                .forEach(m -> bobSaw.put(m.path("messageId").asString(), m));
                        Set<Long> held = new HashSet<>();
                        bobSaw.values().forEach(m -> held.add(m.path("seq").asLong()));
                        long contiguous = 0;
                        while (held.contains(contiguous + 1)) {
                            contiguous++;
                        }
                        syncAfter(bobOnNode1, conversation, contiguous)
                                .forEach(m -> bobSaw.put(m.path("messageId").asString(), m));
                        assertThat(bobSaw.values().stream()
                                        .map(m -> m.path("seq").asLong())
                                        .sorted()
                                        .toList())
                                .containsExactlyElementsOf(acked);
                    });
                }
            });
            assertThat(bobSaw).hasSize(150);
        }
    }

    @Test
    void restartingAMessageServerMidStreamLosesNoAckedMessage() {
        Account alice = register("alice");
        Account bob = register("bob");
        befriend(alice, bob);
        String conversation = privateConversation(alice, bob);
        try (WsClient aliceSocket = connect(alice, 0, "WEB");
                WsClient bobSocket = connect(bob, 1, "WEB")) {
            CompletableFuture<List<String>> stream = CompletableFuture.supplyAsync(() -> {
                List<String> acked = new ArrayList<>();
                for (int n = 0; n < 150; n++) {
                    acked.add(sendUntilAcked(aliceSocket, bob.id(), "r-" + n));
                }
                return acked;
            });
            await().until(() -> messages(bobSocket, conversation).size() >= 30);
            system.restart(system.privateMessages, 0, () -> pause(500));
            List<String> acked = stream.join();

            assertThat(acked).doesNotHaveDuplicates().hasSize(150);
            await().untilAsserted(() -> assertThat(messages(bobSocket, conversation))
                    .extracting(m -> m.path("messageId").asString())
                    .containsAll(acked));
            List<JsonNode> history = syncAfter(bobSocket, conversation, 0);
            assertThat(seqs(history))
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, 150).boxed().toList());
            assertThat(history).extracting(m -> m.path("messageId").asString()).containsExactlyElementsOf(acked);
        }
    }

    @Test
    void killingAMessageServerMidBurstLosesNoAckedMessage() throws Exception {
        int pairs = 3;
        int perPair = 120;
        List<Account> senders = new ArrayList<>();
        List<Account> receivers = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            senders.add(register("sender"));
            receivers.add(register("receiver"));
            befriend(senders.get(p), receivers.get(p));
        }
        // node 0's sends go to private-message-server instance 0: that one runs in a JVM of its own, to be killed
        ChildService child = system.moveToChildProcess(system.privateMessages, 0);
        List<WsClient> sockets = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<WsClient> senderSockets = new ArrayList<>();
            List<WsClient> receiverSockets = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                senderSockets.add(connect(senders.get(p), 0, "WEB"));
                receiverSockets.add(connect(receivers.get(p), 1, "WEB"));
            }
            sockets.addAll(senderSockets);
            sockets.addAll(receiverSockets);
            List<Future<List<String>>> bursts = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                WsClient socket = senderSockets.get(p);
                String to = receivers.get(p).id();
                String prefix = "k9-" + p + "-";
                bursts.add(clients.submit(() -> {
                    List<String> acked = new ArrayList<>();
                    for (int n = 0; n < perPair; n++) {
                        acked.add(sendUntilAcked(socket, to, prefix + n, Duration.ofMinutes(3)));
                    }
                    return acked;
                }));
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> receiverSockets.stream()
                                    .mapToInt(socket -> socket.frames(frame -> "message".equals(type(frame)))
                                            .size())
                                    .sum()
                            >= pairs * 20);
            child.kill();
            pause(1000);
            child.startAgain();

            for (int p = 0; p < pairs; p++) {
                List<String> acked = bursts.get(p).get(5, TimeUnit.MINUTES);
                WsClient receiver = receiverSockets.get(p);
                String conversation = privateConversation(senders.get(p), receivers.get(p));
                assertThat(acked).doesNotHaveDuplicates().hasSize(perPair);
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(messages(receiver, conversation))
                                .extracting(m -> m.path("messageId").asString())
                                .containsAll(acked));
                List<JsonNode> history = syncAfter(receiver, conversation, 0);
                assertThat(seqs(history))
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, perPair).boxed().toList());
                assertThat(history)
                        .extracting(m -> m.path("messageId").asString())
                        .containsExactlyElementsOf(acked);
            }
        } finally {
            sockets.forEach(WsClient::close);
            system.bringBack(system.privateMessages, 0, child);
            sendsThroughNodeZeroAgain();
        }
    }

    /** The other tests expect node 0's first send to be acked: its stream to the restarted server is up again. */
    private void sendsThroughNodeZeroAgain() {
        Account a = register("after");
        Account b = register("after");
        befriend(a, b);
        try (WsClient socket = connect(a, 0, "WEB")) {
            sendUntilAcked(socket, b.id(), "after-kill");
        }
    }

    /** As a client does: an error that means "not stored" (the server is restarting) is retried with the same id. */
    private static String sendUntilAcked(WsClient socket, String to, String clientMsgId) {
        return sendUntilAcked(socket, to, clientMsgId, Duration.ofSeconds(30));
    }

    private static String sendUntilAcked(WsClient socket, String to, String clientMsgId, Duration budget) {
        JsonNode reply = null;
        for (int attempt = 0; attempt < budget.toMillis() / 100; attempt++) {
            reply = send(socket, "PRIVATE", to, clientMsgId, "restart " + clientMsgId);
            if ("ack".equals(type(reply))) {
                return reply.path("message").path("messageId").asString();
            }
            assertThat(reply.path("code").asString()).as(reply.toString()).isEqualTo("SERVICE_UNAVAILABLE");
            pause(100);
        }
        throw new AssertionError("never acked: " + clientMsgId + ", last answer " + reply);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
