package im.relay.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The client side of the delivery contract against the real system, with the network between the client and the API
 * gateway cut by a proxy: disconnects, refused reconnects and lost acks.
 */
class ChatConnectionIT extends SystemTestBase {

    /** What a listener saw, per conversation, in the order it saw it. */
    static final class Recorder implements ChatListener {
        final Map<String, List<Message>> messages = new ConcurrentHashMap<>();
        final List<ChatConnection.State> states = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(Message message) {
            messages.computeIfAbsent(message.conversationId(), id -> new CopyOnWriteArrayList<>())
                    .add(message);
        }

        @Override
        public void onStateChanged(ChatConnection.State state) {
            states.add(state);
        }

        List<String> texts(String conversationId) {
            return messages.getOrDefault(conversationId, List.of()).stream()
                    .filter(message -> message.contentType().equals("TEXT"))
                    .map(Message::content)
                    .toList();
        }

        List<Long> seqs(String conversationId) {
            return messages.getOrDefault(conversationId, List.of()).stream()
                    .map(Message::seq)
                    .toList();
        }
    }

    @Test
    void reconnectsAfterADisconnectMidConversationAndFillsTheGapWithoutDuplicates() throws Exception {
        try (SeverableProxy network = new SeverableProxy(gateway);
                HttpRelayClient alice = registered("alice");
                HttpRelayClient carol = registered("carol");
                HttpRelayClient bob = registered(network.uri(), "bob")) {
            befriend(alice, bob);
            Group group = alice.groups().create("walk", null, List.of(bob.userId(), carol.userId()));
            String privateChat = ConversationType.PRIVATE.conversationId(alice.userId(), bob.userId());
            String groupChat = "g:" + group.id();
            Recorder bobSees = new Recorder();
            ChatConnection alices = alice.connect(new Recorder());
            ChatConnection carols = carol.connect(new Recorder());
            ChatConnection bobs = bob.connect(bobSees);
            await().until(() -> bobs.state() == ChatConnection.State.CONNECTED);

            List<String> groupTexts = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                if (i == 21) {
                    network.refuseNewConnections(true);
                    network.severAll();
                    await().until(() -> bobs.state() == ChatConnection.State.RECONNECTING);
                } else if (i == 51) {
                    network.refuseNewConnections(false);
                }
                alices.send(ConversationType.PRIVATE, bob.userId(), "private " + i)
                        .join();
                groupTexts.add(carols.send(ConversationType.GROUP, group.id(), "group " + i)
                        .join()
                        .content());
                if (i == 20) {
                    await().until(() -> bobSees.seqs(privateChat).size() == 20
                            && bobSees.texts(groupChat).size() == 20);
                }
            }

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bobSees.seqs(privateChat).size() >= 60
                            && bobSees.texts(groupChat).size() >= 60);
            assertThat(bobSees.seqs(privateChat)).isEqualTo(range(1, 60));
            // the group's stream also holds the SYSTEM line of bob's joining: every seq once, in order
            List<Long> groupSeqs = bobSees.seqs(groupChat);
            assertThat(groupSeqs).isEqualTo(range(groupSeqs.get(0), groupSeqs.get(0) + groupSeqs.size() - 1));
            assertThat(bobSees.texts(groupChat)).isEqualTo(groupTexts);
            assertThat(bobSees.messages.get(privateChat))
                    .extracting(Message::messageId)
                    .doesNotHaveDuplicates();
            ChatConnection.Stats stats = bobs.stats();
            assertThat(stats.reconnects()).isGreaterThanOrEqualTo(1);
            assertThat(stats.gapsFilled()).isGreaterThanOrEqualTo(60); // 30 private and 30 group messages at least
            assertThat(bobSees.states).contains(ChatConnection.State.RECONNECTING, ChatConnection.State.CONNECTED);
        }
    }

    @Test
    void aResendAfterALostAckProducesOneMessage() throws Exception {
        try (SeverableProxy network = new SeverableProxy(gateway);
                HttpRelayClient alice = registered(network.uri(), "alice");
                HttpRelayClient bob = registered("bob")) {
            befriend(alice, bob);
            Recorder bobSees = new Recorder();
            ChatConnection bobs = bob.connect(bobSees);
            ChatConnection alices = alice.connect(new Recorder());
            await().until(() ->
                    alices.state() == ChatConnection.State.CONNECTED && bobs.state() == ChatConnection.State.CONNECTED);
            String chat = ConversationType.PRIVATE.conversationId(alice.userId(), bob.userId());

            network.swallowDownstream(true);
            var sending = alices.send(ConversationType.PRIVATE, bob.userId(), ClientMsgIds.next(), "TEXT", "once");
            // stored and delivered to bob, but alice never hears the ack
            await().until(() -> bobSees.seqs(chat).size() == 1);
            assertThat(sending).isNotDone();
            // the ack timeout resends on the same socket, into the void
            await().until(() -> alices.stats().resends() >= 1);
            // then the network drops altogether: the send goes out again on the next connection
            network.swallowDownstream(false);
            network.severAll();

            Message stored = sending.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(stored.seq()).isEqualTo(1);
            assertThat(stored.messageId())
                    .isEqualTo(bobSees.messages.get(chat).get(0).messageId());
            Page<Message> history = bob.messages().history(ConversationType.PRIVATE, alice.userId(), 0, 0, 50);
            assertThat(history.items()).extracting(Message::content).containsExactly("once");
            assertThat(alices.stats().reconnects()).isGreaterThanOrEqualTo(1);
            await().during(Duration.ofMillis(500))
                    .until(() -> bobSees.seqs(chat).equals(List.of(1L)));
        }
    }

    @Test
    void refusedSendFailsWithTheServersCodeAndTheConnectionKeepsWorking() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient stranger = registered("stranger");
                HttpRelayClient bob = registered("bob")) {
            befriend(alice, bob);
            ChatConnection alices = alice.connect(new Recorder());
            var refused = alices.send(ConversationType.PRIVATE, stranger.userId(), "hello?");
            assertThat(refused)
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.code()).isEqualTo("NOT_FRIENDS"));
            assertThat(alices.send(ConversationType.PRIVATE, bob.userId(), "hi")
                            .join()
                            .seq())
                    .isEqualTo(1);
        }
    }

    @Test
    void readTypingAndRecallReachTheOtherSide() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient bob = registered("bob")) {
            befriend(alice, bob);
            List<String> bobHeard = new CopyOnWriteArrayList<>();
            List<String> aliceHeard = new CopyOnWriteArrayList<>();
            ChatConnection bobs = bob.connect(new ChatListener() {
                @Override
                public void onTyping(String conversationId, String userId) {
                    bobHeard.add("typing " + userId);
                }

                @Override
                public void onRecalled(String conversationId, String messageId, String by) {
                    bobHeard.add("recalled " + messageId);
                }

                @Override
                public void onPresence(String userId, boolean online) {
                    bobHeard.add("presence " + userId + " " + online);
                }
            });
            await().until(() -> bobs.state() == ChatConnection.State.CONNECTED);
            ChatConnection alices = alice.connect(new ChatListener() {
                @Override
                public void onRead(String conversationId, String userId, long seq) {
                    aliceHeard.add("read " + userId + " " + seq);
                }
            });
            await().until(() -> bobHeard.contains("presence " + alice.userId() + " true"));
            String chat = ConversationType.PRIVATE.conversationId(alice.userId(), bob.userId());
            Message hi =
                    alices.send(ConversationType.PRIVATE, bob.userId(), "hi").join();
            alices.typing(chat);
            bobs.read(chat, hi.seq());
            await().until(() -> bobHeard.contains("typing " + alice.userId())
                    && aliceHeard.contains("read " + bob.userId() + " 1"));
            Message recalled = alices.recall(hi.messageId()).join();
            assertThat(recalled.recalled()).isTrue();
            await().until(() -> bobHeard.contains("recalled " + hi.messageId()));
            assertThat(bob.messages().unread().total()).isZero();
        }
    }

    @Test
    void refreshesTheAccessTokenBeforeItExpires() {
        // a margin as long as the token's life: the client refreshes at once, and keeps working with the new pair
        try (HttpRelayClient alice = builder(gateway)
                .refreshMargin(Duration.ofMinutes(15).minusSeconds(2))
                .build()) {
            alice.register(username("alice"), "password-alice", null);
            Tokens first = alice.tokens();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !alice.tokens().accessToken().equals(first.accessToken()));
            assertThat(alice.tokens().refreshToken()).isNotEqualTo(first.refreshToken());
            assertThat(alice.users().me().id()).isEqualTo(first.userId());
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }
}
