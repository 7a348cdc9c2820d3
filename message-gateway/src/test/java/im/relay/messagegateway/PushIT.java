package im.relay.messagegateway;

import static im.relay.messagegateway.ChatFramesIT.privateConversation;
import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static im.relay.messagegateway.SessionsIT.ping;
import static im.relay.messagegateway.support.Events.groupEvent;
import static im.relay.messagegateway.support.Events.messageEvent;
import static im.relay.messagegateway.support.Events.notification;
import static im.relay.messagegateway.support.Events.now;
import static im.relay.messagegateway.support.Events.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.outbox.Topics;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.chat.v1.ContentType;
import im.relay.proto.chat.v1.ConversationType;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.events.v1.GroupDismissed;
import im.relay.proto.events.v1.MembersJoined;
import im.relay.proto.events.v1.MessageEvent;
import im.relay.proto.events.v1.MessageRecalled;
import im.relay.proto.events.v1.ReadCursorMoved;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Events from Kafka reaching the sessions they name, on whichever node those are connected. */
class PushIT {

    private static final Logger log = LoggerFactory.getLogger(PushIT.class);

    final GatewayCluster cluster = GatewayCluster.shared();

    @ParameterizedTest(name = "pushed by node {0}")
    @ValueSource(ints = {1, 2})
    void aMessageReachesEverySessionOfItsRecipientsOnBothNodesOnceButNotTheSendingSession(int pushingNode) {
        String ann = user("ann");
        String ben = user("ben");
        String sending = session();
        String conversation = privateConversation(ann, ben);
        try (WsClient annSending = cluster.connect(1, ann, sending, "WEB");
                WsClient annPhone = cluster.connect(2, ann, session(), "MOBILE");
                WsClient benWeb = cluster.connect(1, ben, session(), "WEB");
                WsClient benPhone = cluster.connect(2, ben, session(), "MOBILE")) {
            List<WsClient> all = List.of(annSending, annPhone, benWeb, benPhone);
            all.forEach(client -> ping(client, "ready"));
            Message message = privateMessage(conversation, ann, ben, 1, "hi ben");

            cluster.publishThrough(
                    pushingNode,
                    Topics.MESSAGES,
                    conversation,
                    messageEvent(ann, ben)
                            .setOriginSessionId(sending)
                            .setCreated(message)
                            .build()
                            .toByteArray());
            // a later event of the same partition, so pushed after it: when it arrived, so had the first
            cluster.publishThrough(
                    pushingNode,
                    Topics.MESSAGES,
                    conversation,
                    messageEvent(ann, ben)
                            .setRead(ReadCursorMoved.newBuilder()
                                    .setConversationId(conversation)
                                    .setUserId(ben)
                                    .setSeq(1))
                            .build()
                            .toByteArray());

            for (WsClient client : all) {
                client.await(frame -> frame.path("type").asString().equals("read"));
            }
            for (WsClient client : List.of(annPhone, benWeb, benPhone)) {
                assertThat(client.frames(type("message"))).hasSize(1).first().satisfies(frame -> {
                    assertThat(frame.get("message").get("messageId").asString()).isEqualTo(message.getMessageId());
                    assertThat(frame.get("message").get("content").asString()).isEqualTo("hi ben");
                    assertThat(frame.get("message").get("receiverId").asString())
                            .isEqualTo(ben);
                });
            }
            assertThat(annSending.frames(type("message"))).isEmpty();
            JsonNode read = benPhone.await(type("read"));
            assertThat(read.get("conversationId").asString()).isEqualTo(conversation);
            assertThat(read.get("userId").asString()).isEqualTo(ben);
            assertThat(read.get("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aRecallReachesTheOtherSessions() {
        String cleo = user("cleo");
        String dan = user("dan");
        String origin = session();
        String conversation = privateConversation(cleo, dan);
        try (WsClient cleoOrigin = cluster.connect(2, cleo, origin, "WEB");
                WsClient danWeb = cluster.connect(1, dan, session(), "WEB")) {
            ping(cleoOrigin, "ready");
            ping(danWeb, "ready");

            // through the node that holds the sending session, which must skip it
            publishMessageEvent(
                    2,
                    conversation,
                    messageEvent(cleo, dan)
                            .setOriginSessionId(origin)
                            .setRecalled(MessageRecalled.newBuilder()
                                    .setConversationId(conversation)
                                    .setMessageId("msg-9")
                                    .setByUserId(cleo)));

            JsonNode recalled = danWeb.await(type("recalled"));
            assertThat(recalled.get("conversationId").asString()).isEqualTo(conversation);
            assertThat(recalled.get("messageId").asString()).isEqualTo("msg-9");
            assertThat(recalled.get("by").asString()).isEqualTo(cleo);
            ping(cleoOrigin, "after");
            assertThat(cleoOrigin.frames(type("recalled"))).isEmpty();
        }
    }

    @Test
    void aGroupEventForFiftyMembersReachesEachOnceAndCrossesToTheOtherNodeOnce() {
        String group = "group-" + UUID.randomUUID();
        List<String> members = new ArrayList<>();
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String member = user("member" + i);
                members.add(member);
                clients.add(cluster.connect(1 + i % 2, member, session(), "WEB"));
            }
            clients.forEach(client -> ping(client, "ready"));
            double forwardedBefore = forwarded();

            cluster.publishThrough(
                    1,
                    Topics.GROUPS,
                    group,
                    groupEvent(group, members)
                            .setMembersJoined(MembersJoined.newBuilder().addUserIds(members.getLast()))
                            .build()
                            .toByteArray());
            for (WsClient client : clients) {
                client.await(notification("GROUP_MEMBER_JOINED"));
            }
            assertThat(forwarded() - forwardedBefore).isEqualTo(1);

            cluster.publishThrough(
                    1,
                    Topics.GROUPS,
                    group,
                    groupEvent(group, members)
                            .setDismissed(GroupDismissed.getDefaultInstance())
                            .build()
                            .toByteArray());
            for (WsClient client : clients) {
                client.await(notification("GROUP_DISMISSED"));
                assertThat(client.frames(notification("GROUP_MEMBER_JOINED")))
                        .hasSize(1)
                        .first()
                        .satisfies(frame -> {
                            assertThat(frame.get("data").get("groupId").asString())
                                    .isEqualTo(group);
                            assertThat(frame.get("data").get("userIds").get(0).asString())
                                    .isEqualTo(members.getLast());
                        });
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /**
     * A burst of one conversation's messages, consumed by node 1 for a session on node 2: each crosses once and in
     * order, and node 2 reads the records a Deliver names in one go (the cost is logged: it is the price of not
     * trusting the frames another node sends).
     */
    @Test
    void aBurstOfMessagesCrossesToTheOtherNodeOnceAndInOrder() {
        String ann = user("ann");
        String ben = user("ben");
        String conversation = privateConversation(ann, ben);
        int count = 300;
        try (WsClient benSocket = cluster.connect(2, ben, session(), "WEB")) {
            ping(benSocket, "ready");
            Timer reads = cluster.node(2).getBean(MeterRegistry.class).timer("relay.deliveries.events.read");
            long readsBefore = reads.count();
            double millisBefore = reads.totalTime(TimeUnit.MILLISECONDS);
            List<byte[]> events = new ArrayList<>();
            for (int seq = 1; seq <= count; seq++) {
                events.add(messageEvent(ann, ben)
                        .setCreated(privateMessage(conversation, ann, ben, seq, "number " + seq))
                        .build()
                        .toByteArray());
            }
            long started = System.nanoTime();

            cluster.publishThrough(1, Topics.MESSAGES, conversation, events);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> benSocket.frames(type("message")).size() >= count);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            ping(benSocket, "after");
            assertThat(benSocket.frames(type("message")))
                    .extracting(frame -> frame.get("message").get("seq").asLong())
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, count).boxed().toList());
            long calls = reads.count() - readsBefore;
            double millis = reads.totalTime(TimeUnit.MILLISECONDS) - millisBefore;
            assertThat(calls).isPositive();
            log.info(
                    "{} messages crossed to node 2 in {} ms: {} Deliver call(s), reading their records from Kafka took"
                            + " {} ms in all, {} ms per Deliver on average, {} ms at most",
                    count,
                    tookMillis,
                    calls,
                    String.format("%.1f", millis),
                    String.format("%.2f", millis / calls),
                    String.format("%.2f", reads.max(TimeUnit.MILLISECONDS)));
        }
    }

    /**
     * Every push looks routes up in Redis; Lettuce's per-command observations (a timer per command, with its tags)
     * were 5 % of the server's CPU samples at 2,500 msg/s, for a metric nothing reads (docs/benchmarks, ninth session).
     */
    @Test
    void redisCommandsAreNotObservedOneByOne() {
        String ann = user("ann");
        String ben = user("ben");
        String conversation = privateConversation(ann, ben);
        try (WsClient benSocket = cluster.connect(1, ben, session(), "WEB")) {
            ping(benSocket, "ready");
            publishMessageEvent(
                    1,
                    conversation,
                    messageEvent(ann, ben).setCreated(privateMessage(conversation, ann, ben, 1, "hello")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !benSocket.frames(type("message")).isEmpty());

            assertThat(cluster.node(1)
                            .getBean(MeterRegistry.class)
                            .find("lettuce")
                            .meters())
                    .isEmpty();
        }
    }

    private static Message privateMessage(String conversation, String sender, String receiver, long seq, String text) {
        return Message.newBuilder()
                .setMessageId("msg-" + UUID.randomUUID())
                .setConversationId(conversation)
                .setType(ConversationType.CONVERSATION_TYPE_PRIVATE)
                .setSenderId(sender)
                .setReceiverId(receiver)
                .setSeq(seq)
                .setClientMsgId("c-" + seq)
                .setContentType(ContentType.CONTENT_TYPE_TEXT)
                .setContent(text)
                .setSentAt(now())
                .build();
    }

    private double forwarded() {
        return List.of(1, 2).stream()
                .mapToDouble(node -> cluster.node(node)
                        .getBean(MeterRegistry.class)
                        .counter("relay.deliveries.forwarded")
                        .count())
                .sum();
    }

    private void publishMessageEvent(int pushingNode, String conversation, MessageEvent.Builder event) {
        cluster.publishThrough(
                pushingNode, Topics.MESSAGES, conversation, event.build().toByteArray());
    }
}
