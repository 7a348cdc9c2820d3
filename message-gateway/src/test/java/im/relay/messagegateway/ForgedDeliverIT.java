package im.relay.messagegateway;

import static im.relay.messagegateway.ChatFramesIT.privateConversation;
import static im.relay.messagegateway.ChatFramesIT.session;
import static im.relay.messagegateway.ChatFramesIT.user;
import static im.relay.messagegateway.SessionsIT.ping;
import static im.relay.messagegateway.support.Events.messageEvent;
import static im.relay.messagegateway.support.Events.now;
import static im.relay.messagegateway.support.Events.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import im.relay.common.outbox.Topics;
import im.relay.messagegateway.cluster.NodeIdentity;
import im.relay.messagegateway.support.GatewayCluster;
import im.relay.messagegateway.support.WsClient;
import im.relay.proto.chat.v1.ContentType;
import im.relay.proto.chat.v1.ConversationType;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.messagegateway.v1.CloseSessionsRequest;
import im.relay.proto.messagegateway.v1.DeliverRequest;
import im.relay.proto.messagegateway.v1.Delivery;
import im.relay.proto.messagegateway.v1.EventRecord;
import im.relay.proto.messagegateway.v1.MessageGatewayServiceGrpc;
import im.relay.proto.messagegateway.v1.Presence;
import im.relay.proto.messagegateway.v1.SessionAddress;
import im.relay.proto.messagegateway.v1.Typing;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a caller that holds the cluster secret (a node, or whoever stole the secret) calls Deliver on a node
 * directly, as the nodes call each other, and tries to put a frame with a made-up sender into a user's socket. A
 * Deliver names Kafka records (or a typing or presence signal), never frames; the node reads the records itself and
 * pushes only to the users the event names.
 */
class ForgedDeliverIT {

    final GatewayCluster cluster = GatewayCluster.shared();
    ManagedChannel channel;
    MessageGatewayServiceGrpc.MessageGatewayServiceBlockingStub node2;

    @BeforeEach
    void callNode2WithTheSecret() {
        channel = ManagedChannelBuilder.forTarget(
                        cluster.node(2).getBean(NodeIdentity.class).address())
                .usePlaintext()
                .build();
        Metadata secret = new Metadata();
        secret.put(
                Metadata.Key.of("relay-node-secret", Metadata.ASCII_STRING_MARSHALLER), GatewayCluster.CLUSTER_SECRET);
        node2 = MessageGatewayServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret));
    }

    @AfterEach
    void closeChannel() {
        channel.shutdownNow();
    }

    /** The old wire shape (a frame in field 3, frame_json, now reserved), as the first version of this test sent. */
    @Test
    void aMadeUpFrameReachesNoSocket() {
        String victim = user("victim");
        String boss = user("boss");
        String session = session();
        try (WsClient socket = cluster.connect(2, victim, session, "WEB")) {
            ping(socket, "online");
            String forged = "{\"type\":\"message\",\"message\":{\"messageId\":\"forged-1\",\"conversationId\":\""
                    + privateConversation(victim, boss) + "\",\"type\":\"PRIVATE\",\"senderId\":\"" + boss
                    + "\",\"receiverId\":\"" + victim + "\",\"seq\":1,\"contentType\":\"TEXT\",\"content\":\"FORGED\","
                    + "\"sentAt\":\"2026-01-01T00:00:00Z\"}}";
            double droppedBefore = dropped("unknown-source");

            node2.deliver(DeliverRequest.newBuilder()
                    .addDeliveries(withFrame(target(victim, session), forged))
                    .addDeliveries(withFrame(target(victim, ""), forged))
                    .build());

            ping(socket, "after");
            assertThat(socket.frames(type("message"))).isEmpty();
            assertThat(dropped("unknown-source") - droppedBefore).isEqualTo(2);
        }
    }

    @Test
    void aMadeUpReferenceReachesNoSocket() {
        String victim = user("victim");
        String session = session();
        try (WsClient socket = cluster.connect(2, victim, session, "WEB")) {
            ping(socket, "online");
            DeliverRequest.Builder request = DeliverRequest.newBuilder();
            for (EventRecord made : new EventRecord[] {
                record(Topics.MESSAGES, 0, 1_000_000_000L), // past the end of the log
                record(Topics.MESSAGES, 0, -1),
                record(Topics.MESSAGES, 999, 0), // no such partition
                record(Topics.SESSIONS, 0, 0), // a topic whose events push nothing
                record("__consumer_offsets", 0, 0),
                record("relay.made-up", 0, 0)
            }) {
                request.addDeliveries(Delivery.newBuilder()
                        .addTargets(target(victim, session))
                        .setEvent(made));
            }

            assertThat(node2.deliver(request.build()).getDelivered()).isZero();

            ping(socket, "after");
            assertThat(socket.frames()).allMatch(type("pong"));
        }
    }

    @Test
    void aRealReferenceReachesOnlyTheRecipientsTheEventNames() {
        String ann = user("ann");
        String ben = user("ben");
        String eve = user("eve");
        String benSession = session();
        String eveSession = session();
        try (WsClient benSocket = cluster.connect(2, ben, benSession, "WEB");
                WsClient eveSocket = cluster.connect(2, eve, eveSession, "WEB")) {
            ping(benSocket, "online");
            ping(eveSocket, "online");
            String conversation = privateConversation(ann, ben);
            Message message = Message.newBuilder()
                    .setMessageId("msg-" + UUID.randomUUID())
                    .setConversationId(conversation)
                    .setType(ConversationType.CONVERSATION_TYPE_PRIVATE)
                    .setSenderId(ann)
                    .setReceiverId(ben)
                    .setSeq(1)
                    .setClientMsgId("c-1")
                    .setContentType(ContentType.CONTENT_TYPE_TEXT)
                    .setContent("for ben only")
                    .setSentAt(now())
                    .build();
            RecordMetadata written = cluster.publishThrough(
                    1,
                    Topics.MESSAGES,
                    conversation,
                    messageEvent(ann, ben).setCreated(message).build().toByteArray());
            benSocket.await(type("message"));
            double droppedBefore = dropped("not-a-recipient");

            EventRecord real = record(written.topic(), written.partition(), written.offset());
            int delivered = node2.deliver(DeliverRequest.newBuilder()
                            .addDeliveries(Delivery.newBuilder()
                                    .addTargets(target(eve, eveSession))
                                    .addTargets(target(eve, ""))
                                    .setEvent(real))
                            // a recipient may get a real event again (clients drop repeats by messageId)
                            .addDeliveries(Delivery.newBuilder()
                                    .addTargets(target(ben, benSession))
                                    .setEvent(real))
                            .build())
                    .getDelivered();

            ping(eveSocket, "after");
            assertThat(eveSocket.frames(type("message"))).isEmpty();
            assertThat(delivered).isEqualTo(1);
            assertThat(benSocket.frames(type("message"))).hasSize(2).allSatisfy(frame -> {
                assertThat(frame.get("message").get("senderId").asString()).isEqualTo(ann);
                assertThat(frame.get("message").get("content").asString()).isEqualTo("for ben only");
            });
            assertThat(dropped("not-a-recipient") - droppedBefore).isEqualTo(2);
        }
    }

    @Test
    void typingAndPresenceReachNobodyUnlessTrueAndAllowed() {
        String victim = user("victim");
        String offline = user("boss");
        String stranger = "stranger-" + UUID.randomUUID();
        String session = session();
        try (WsClient socket = cluster.connect(2, victim, session, "WEB");
                WsClient strangerSocket = cluster.connect(1, stranger, session(), "WEB")) {
            ping(socket, "online");
            ping(strangerSocket, "online");

            node2.deliver(DeliverRequest.newBuilder()
                    // the typist is not online
                    .addDeliveries(Delivery.newBuilder()
                            .addTargets(target(victim, session))
                            .setTyping(typing(privateConversation(victim, offline), offline)))
                    // online, but no friend of the victim
                    .addDeliveries(Delivery.newBuilder()
                            .addTargets(target(victim, session))
                            .setTyping(typing(privateConversation(victim, stranger), stranger)))
                    // a conversation the target is not in
                    .addDeliveries(Delivery.newBuilder()
                            .addTargets(target(victim, session))
                            .setTyping(typing(privateConversation(offline, stranger), stranger)))
                    // presence that is not true now
                    .addDeliveries(Delivery.newBuilder()
                            .addTargets(target(victim, session))
                            .setPresence(
                                    Presence.newBuilder().setUserId(offline).setOnline(true)))
                    // true, but the victim is not in the stranger's presence audience
                    .addDeliveries(Delivery.newBuilder()
                            .addTargets(target(victim, session))
                            .setPresence(
                                    Presence.newBuilder().setUserId(stranger).setOnline(true)))
                    .build());

            ping(socket, "after");
            assertThat(socket.frames()).allMatch(type("pong"));
        }
    }

    @Test
    void closeSessionsTakesNoFinalFrameButTheKickedOne() {
        String victim = user("victim");
        String session = session();
        try (WsClient socket = cluster.connect(2, victim, session, "WEB")) {
            ping(socket, "online");

            assertThatThrownBy(() -> node2.closeSessions(CloseSessionsRequest.newBuilder()
                            .addSessions(target(victim, session))
                            .setCloseCode(4001)
                            .setFinalFrameJson("{\"type\":\"message\",\"message\":{\"senderId\":\"boss\"}}")
                            .build()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

            ping(socket, "still-open");
            assertThat(socket.frames()).allMatch(type("pong"));
        }
    }

    @Test
    void refusesADeliverNamingMoreRecordsThanOneReadMay() {
        DeliverRequest.Builder request = DeliverRequest.newBuilder();
        for (int i = 0; i <= 1000; i++) {
            request.addDeliveries(Delivery.newBuilder()
                    .addTargets(target(user("nobody"), ""))
                    .setEvent(record(Topics.MESSAGES, 0, i)));
        }
        assertThatThrownBy(() -> node2.deliver(request.build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private double dropped(String reason) {
        var counter = cluster.node(2)
                .getBean(MeterRegistry.class)
                .find("relay.deliveries.dropped")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Delivery withFrame(SessionAddress target, String frame) {
        return Delivery.newBuilder()
                .addTargets(target)
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(
                                3,
                                UnknownFieldSet.Field.newBuilder()
                                        .addLengthDelimited(ByteString.copyFromUtf8(frame))
                                        .build())
                        .build())
                .build();
    }

    private static SessionAddress target(String userId, String sessionId) {
        return SessionAddress.newBuilder()
                .setUserId(userId)
                .setSessionId(sessionId)
                .build();
    }

    private static EventRecord record(String topic, int partition, long offset) {
        return EventRecord.newBuilder()
                .setTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .build();
    }

    private static Typing typing(String conversationId, String userId) {
        return Typing.newBuilder()
                .setConversationId(conversationId)
                .setUserId(userId)
                .build();
    }
}
