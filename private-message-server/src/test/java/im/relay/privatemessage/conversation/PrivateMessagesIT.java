package im.relay.privatemessage.conversation;

import static im.relay.common.testing.ApiClient.json;
import static im.relay.messagestore.testing.GrpcFailures.codeOf;
import static im.relay.messagestore.testing.SendRequests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import im.relay.common.error.ErrorCode;
import im.relay.common.error.GrpcErrors;
import im.relay.common.identity.ClusterSecret;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.BearerCredentials;
import im.relay.common.testing.MutableClock;
import im.relay.common.testing.ServiceStack;
import im.relay.common.testing.TestServices;
import im.relay.common.testing.WebhookReceiver;
import im.relay.common.testing.WebhookReceiver.Answer;
import im.relay.friend.FriendServiceApplication;
import im.relay.messagestore.model.ConversationIds;
import im.relay.messagestore.testing.MessageEvents;
import im.relay.privatemessage.PrivateMessageServerApplication;
import im.relay.proto.chat.v1.ChatServiceGrpc;
import im.relay.proto.chat.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import im.relay.proto.chat.v1.ContentType;
import im.relay.proto.chat.v1.Conversation;
import im.relay.proto.chat.v1.DeleteForMeRequest;
import im.relay.proto.chat.v1.EditRequest;
import im.relay.proto.chat.v1.HistoryRequest;
import im.relay.proto.chat.v1.ListConversationsRequest;
import im.relay.proto.chat.v1.MarkReadRequest;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.ReactRequest;
import im.relay.proto.chat.v1.RecallRequest;
import im.relay.proto.chat.v1.SendBatch;
import im.relay.proto.chat.v1.SendEnvelope;
import im.relay.proto.chat.v1.SendMessageRequest;
import im.relay.proto.chat.v1.SendMessageResponse;
import im.relay.proto.chat.v1.SendOutcome;
import im.relay.proto.chat.v1.SendOutcomes;
import im.relay.proto.chat.v1.SyncRequest;
import im.relay.proto.chat.v1.UnreadRequest;
import im.relay.proto.events.v1.MessageEvent;
import im.relay.user.UserServiceBeside;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of private-message-server on one database, with the real friend-service and user-service, on
 * PostgreSQL, Redis and Kafka. Each call goes to one instance or the other, as a load balancer would send them.
 */
class PrivateMessagesIT {

    static final MutableClock clock = new MutableClock();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String WEBHOOK_SECRET = "webhook-secret-" + UUID.randomUUID();
    static WebhookReceiver afterSend;
    static TestTokens tokens;
    static ServiceStack stack;
    static UserServiceBeside users;
    static ConfigurableApplicationContext friends;
    static final List<ConfigurableApplicationContext> servers = new ArrayList<>();
    static final List<ManagedChannel> channels = new ArrayList<>();

    /** The clock both instances use, to step past the recall window. */
    static class Clocks {
        @Bean
        Clock clock() {
            return clock;
        }
    }

    @BeforeAll
    static void start() {
        tokens = TestTokens.start();
        stack = new ServiceStack(tokens.jwksUri());
        users = UserServiceBeside.start("pm_users", tokens.jwksUri());
        friends =
                stack.start(FriendServiceApplication.class, "pm_friends", Map.of("user-service", users.grpcAddress()));
        Map<String, String> calls =
                Map.of("user-service", users.grpcAddress(), "friend-service", ServiceStack.grpcAddress(friends));
        afterSend = new WebhookReceiver(WEBHOOK_SECRET);
        for (int i = 0; i < 2; i++) {
            // the after-send listener runs on the first instance only: one consumer of the relay-webhooks-messages
            // group
            Map<String, String> settings = i > 0
                    ? Map.of()
                    : Map.of(
                            "relay.webhooks.secret",
                            WEBHOOK_SECRET,
                            "relay.webhooks.after-send.url",
                            afterSend.uri().toString(),
                            "relay.webhooks.retry.backoff",
                            "50ms");
            ConfigurableApplicationContext server =
                    stack.start(PrivateMessageServerApplication.class, "pm_messages", calls, settings, Clocks.class);
            servers.add(server);
            channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", TestServices.grpcPort(server))
                    .usePlaintext()
                    .build());
        }
    }

    @AfterAll
    static void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        stack.close();
        afterSend.close();
        users.close();
        tokens.close();
    }

    @Test
    void friendsMessageEachOtherWhileStrangersAndBlockedUsersAreRefused() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);

        SendMessageResponse sent = send(alice, 0, bob, "c1", "hi bob");
        assertThat(sent.getCreated()).isTrue();
        Message message = sent.getMessage();
        assertThat(message.getSeq()).isEqualTo(1);
        assertThat(message.getSenderId()).isEqualTo(alice.id);
        assertThat(message.getReceiverId()).isEqualTo(bob.id);
        assertThat(message.getConversationId()).isEqualTo(conversation(alice, bob));
        assertThat(send(bob, 1, alice, "c1", "hi alice").getMessage().getSeq()).isEqualTo(2);

        assertThat(codeOf(() -> send(alice, 0, carol, "c2", "hello?"))).isEqualTo(ErrorCode.NOT_FRIENDS);
        assertThat(codeOf(() -> send(alice, 0, "not-a-user", "c3", "hello?"))).isEqualTo(ErrorCode.NOT_FOUND);

        assertThat(bob.friends.put("/api/friends/blocks/" + alice.id, "").status())
                .isEqualTo(204);
        await().untilAsserted(() -> assertThat(codeOf(() -> send(alice, 1, bob, "c4", "still there?")))
                .isEqualTo(ErrorCode.BLOCKED));
        assertThat(codeOf(() -> send(bob, 0, alice, "c5", "I blocked you"))).isEqualTo(ErrorCode.BLOCKED);
        assertThat(bob.friends.delete("/api/friends/blocks/" + alice.id).status())
                .isEqualTo(204);
        await().untilAsserted(() -> assertThat(
                        send(alice, 1, bob, "c6", "back").getMessage().getSeq())
                .isEqualTo(3));
    }

    @Test
    void concurrentSendsBothWaysThroughTwoInstancesGetEverySeqOnce() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<SendMessageResponse>> sends = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            int n = i;
            sends.add(pool.submit(() -> send(alice, n % 2, bob, "a" + n, "a" + n)));
            sends.add(pool.submit(() -> send(bob, (n + 1) % 2, alice, "b" + n, "b" + n)));
        }
        List<Long> ackedSeqs = new ArrayList<>();
        for (Future<SendMessageResponse> send : sends) {
            ackedSeqs.add(send.get().getMessage().getSeq());
        }
        pool.shutdown();

        assertThat(ackedSeqs).containsExactlyInAnyOrderElementsOf(range(2 * each));
        List<Message> seenByAlice = syncAll(alice, conversation(alice, bob));
        List<Message> seenByBob = syncAll(bob, conversation(alice, bob));
        assertThat(seenByAlice).extracting(Message::getSeq).containsExactlyElementsOf(range(2 * each));
        assertThat(seenByBob).isEqualTo(seenByAlice);
        assertThat(seenByAlice).extracting(Message::getClientMsgId).doesNotHaveDuplicates();
        await().untilAsserted(() -> assertThat(MessageEvents.created(conversation(alice, bob)))
                .as("one event per message, in seq order")
                .extracting(Message::getSeq)
                .containsExactlyElementsOf(range(2 * each)));
    }

    @Test
    void aRetriedSendAnswersTheOriginalAndIsDeliveredOnce() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message original = send(alice, 0, bob, "retry-1", "once").getMessage();

        SendMessageResponse retry = send(alice, 1, bob, "retry-1", "once");
        assertThat(retry.getCreated()).isFalse();
        assertThat(retry.getMessage()).isEqualTo(original);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<SendMessageResponse>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int instance = i % 2;
            racing.add(pool.submit(() -> send(alice, instance, bob, "retry-2", "raced")));
        }
        List<SendMessageResponse> answers = new ArrayList<>();
        for (Future<SendMessageResponse> answer : racing) {
            answers.add(answer.get());
        }
        pool.shutdown();
        assertThat(answers)
                .extracting(a -> a.getMessage().getMessageId())
                .containsOnly(answers.getFirst().getMessage().getMessageId());
        assertThat(answers).filteredOn(SendMessageResponse::getCreated).hasSize(1);

        assertThat(syncAll(bob, conversation(alice, bob)))
                .extracting(Message::getSeq)
                .containsExactly(1L, 2L);
        await().untilAsserted(() -> assertThat(MessageEvents.created(conversation(alice, bob)))
                .extracting(Message::getClientMsgId)
                .containsExactly("retry-1", "retry-2"));
    }

    @Test
    void readCursorsMoveForwardOnlyAndUnreadCountsFollowThem() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        String conversation = conversation(alice, bob);
        for (int i = 1; i <= 5; i++) {
            send(alice, i % 2, bob, "r" + i, "message " + i);
        }

        Conversation bobsView = onlyConversation(bob);
        assertThat(bobsView.getConversationId()).isEqualTo(conversation);
        assertThat(bobsView.getPeerId()).isEqualTo(alice.id);
        assertThat(bobsView.getName()).isEqualTo(alice.name);
        assertThat(bobsView.getMaxSeq()).isEqualTo(5);
        assertThat(bobsView.getReadSeq()).isZero();
        assertThat(bobsView.getUnreadCount()).isEqualTo(5);
        assertThat(bobsView.getLastMessage().getContent()).isEqualTo("message 5");
        assertThat(onlyConversation(alice).getUnreadCount())
                .as("sending moves the sender's cursor")
                .isZero();

        assertThat(markRead(bob, conversation, 3)).isEqualTo(3);
        assertThat(markRead(bob, conversation, 2)).as("never back").isEqualTo(3);
        assertThat(markRead(bob, conversation, 99)).as("clamped to maxSeq").isEqualTo(5);
        assertThat(stub(bob, 1).getUnread(UnreadRequest.getDefaultInstance()).getTotal())
                .isZero();

        send(alice, 0, bob, "r6", "one more");
        var unread = stub(bob, 0).getUnread(UnreadRequest.getDefaultInstance());
        assertThat(unread.getTotal()).isEqualTo(1);
        assertThat(unread.getConversationsList())
                .extracting(Conversation::getConversationId)
                .containsExactly(conversation);

        assertThat(codeOf(() -> markRead(user("eve"), conversation, 1))).isEqualTo(ErrorCode.NOT_FOUND);
        User carol = user("carol");
        assertThat(markRead(
                        carol,
                        ConversationIds.privateChat(UUID.fromString(carol.id()), UUID.fromString(alice.id())),
                        3))
                .as("reading a chat without messages leaves no cursor behind")
                .isZero();
        assertThat(stub(carol, 0)
                        .listConversations(ListConversationsRequest.getDefaultInstance())
                        .getConversationsList())
                .as("a private chat is listed from its first message")
                .isEmpty();
        await().untilAsserted(() -> assertThat(readEvents(conversation)).containsExactly(bob.id + "@3", bob.id + "@5"));
    }

    @Test
    void historyPagesBySeqInBothDirections() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        for (int i = 1; i <= 7; i++) {
            send(alice, 0, bob, "h" + i, "h" + i);
        }
        assertThat(history(bob, alice, null, null, 3)).containsExactly(7L, 6L, 5L);
        assertThat(history(bob, alice, 5L, null, 3)).containsExactly(4L, 3L, 2L);
        assertThat(history(bob, alice, null, 5L, 10)).containsExactly(6L, 7L);
        assertThat(history(bob, alice, 6L, 2L, 10)).containsExactly(3L, 4L, 5L);
        assertThat(history(bob, alice, null, null, 0)).hasSize(7);
        var page = stub(bob, 1)
                .getHistory(HistoryRequest.newBuilder()
                        .setTarget(alice.id)
                        .setLimit(3)
                        .build());
        assertThat(page.getHasMore()).isTrue();
        assertThat(history(user("eve"), alice, null, null, 10))
                .as("an empty conversation")
                .isEmpty();
    }

    @Test
    void onlyTheSenderRecallsAndOnlyWithinTheWindow() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, 0, bob, "rc1", "oops").getMessage();
        Message second = send(alice, 0, bob, "rc2", "fine").getMessage();

        assertThat(codeOf(() -> recall(bob, first))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> recall(user("eve"), first))).isEqualTo(ErrorCode.NOT_FOUND);
        Message recalled = recall(alice, first);
        assertThat(recalled.getRecalled()).isTrue();
        assertThat(recalled.getContent()).isEmpty();
        assertThat(recalled.getSeq()).isEqualTo(first.getSeq());
        assertThat(recall(alice, first)).as("twice answers the same").isEqualTo(recalled);
        assertThat(syncAll(bob, conversation(alice, bob)).getFirst()).isEqualTo(recalled);

        clock.advance(Duration.ofSeconds(121));
        try {
            assertThat(codeOf(() -> recall(alice, second))).isEqualTo(ErrorCode.RECALL_WINDOW_EXPIRED);
        } finally {
            clock.reset();
        }
    }

    @Test
    void theSenderEditsTextWithinTheWindowAndFriendsReact() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        String conversation = conversation(alice, bob);
        Message text = send(alice, 0, bob, "e1", "helo").getMessage();
        Message image = send(alice, bob, "e2", ContentType.CONTENT_TYPE_IMAGE, "https://files.example/a.png")
                .getMessage();

        Message edited = edit(alice, text, "hello");
        assertThat(edited.getContent()).isEqualTo("hello");
        assertThat(edited.getSeq()).as("an edit keeps the seq").isEqualTo(text.getSeq());
        assertThat(edited.getEditVersion()).isEqualTo(1);
        assertThat(edited.hasEditedAt()).isTrue();
        assertThat(edit(alice, text, "hello"))
                .as("the same text again changes nothing")
                .isEqualTo(edited);

        assertThat(codeOf(() -> edit(bob, text, "hacked"))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> edit(user("eve"), text, "hacked"))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(() -> edit(alice, image, "text"))).isEqualTo(ErrorCode.NOT_EDITABLE);
        assertThat(codeOf(() -> edit(alice, text, ""))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> edit(alice, text, "x".repeat(8001)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> stub(alice, 0)
                        .edit(EditRequest.newBuilder()
                                .setMessageId(UUID.randomUUID().toString())
                                .setContent("where?")
                                .build())))
                .isEqualTo(ErrorCode.NOT_FOUND);

        react(bob, text, "\uD83D\uDC4D", true);
        react(alice, text, "\uD83D\uDC4D", true);
        react(bob, text, "\uD83D\uDC4D", true); // a repeat is a no-op
        Message reacted = react(bob, text, "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", true);
        assertThat(reacted.getReactionsList())
                .extracting(r -> r.getEmoji() + "=" + r.getUserIdsList())
                .containsExactly(
                        "\uD83D\uDC4D=" + List.of(bob.id(), alice.id()),
                        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67=" + List.of(bob.id()));
        assertThat(react(alice, text, "\uD83D\uDC4D", false).getReactionsList())
                .extracting(r -> r.getEmoji() + "=" + r.getUserIdsList())
                .containsExactly(
                        "\uD83D\uDC4D=" + List.of(bob.id()),
                        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67=" + List.of(bob.id()));
        for (String bad :
                List.of("", "a", "1", "#", ":+1:", "\uD83D\uDC4Dx", "\u200D\uD83D\uDC4D", "\uD83D\uDC4D".repeat(17))) {
            assertThat(codeOf(() -> react(bob, text, bad, true))).as(bad).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }
        assertThat(codeOf(() -> react(user("eve"), text, "\uD83D\uDC4D", true))).isEqualTo(ErrorCode.NOT_FOUND);

        // an offline reader syncs the current state: the edited text at its seq, the reactions, no extra seqs
        List<Message> synced = syncAll(bob, conversation);
        assertThat(synced).extracting(Message::getSeq).containsExactly(1L, 2L);
        assertThat(synced.getFirst().getContent()).isEqualTo("hello");
        assertThat(synced.getFirst().getEditVersion()).isEqualTo(1);
        assertThat(synced.getFirst().getReactionsCount()).isEqualTo(2);
        assertThat(onlyConversation(bob).getMaxSeq()).isEqualTo(2);
        await().untilAsserted(() -> assertThat(MessageEvents.of(conversation).stream()
                        .filter(e -> e.hasEdited() || e.hasReaction())
                        .map(e -> e.hasEdited()
                                ? "edited v" + e.getEdited().getMessage().getEditVersion()
                                : (e.getReaction().getAdded() ? "+" : "-")
                                        + e.getReaction().getEmoji())
                        .toList())
                .containsExactly(
                        "edited v1",
                        "+\uD83D\uDC4D",
                        "+\uD83D\uDC4D",
                        "+\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
                        "-\uD83D\uDC4D"));

        // recalling drops the reactions; a recalled message takes neither edits nor reactions
        recall(alice, text);
        assertThat(syncAll(bob, conversation).getFirst().getReactionsCount()).isZero();
        assertThat(codeOf(() -> edit(alice, text, "again"))).isEqualTo(ErrorCode.NOT_EDITABLE);
        assertThat(codeOf(() -> react(bob, text, "\uD83D\uDC4D", true))).isEqualTo(ErrorCode.NOT_EDITABLE);

        Message late = send(alice, 0, bob, "e3", "later").getMessage();
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            assertThat(codeOf(() -> edit(alice, late, "too late"))).isEqualTo(ErrorCode.EDIT_WINDOW_EXPIRED);
        } finally {
            clock.reset();
        }
    }

    @Test
    void aMessageTakesAtMostTwentyDistinctReactions() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message text = send(alice, 0, bob, "cap1", "react to me").getMessage();
        for (int i = 0; i < 20; i++) {
            react(i % 2 == 0 ? alice : bob, text, new String(Character.toChars(0x1F600 + i)), true);
        }
        assertThat(codeOf(() -> react(bob, text, "\uD83D\uDE80", true))).isEqualTo(ErrorCode.TOO_MANY_REACTIONS);
        assertThat(react(alice, text, "\uD83D\uDE01", true).getReactionsList())
                .as("joining an emoji already there is not a new one")
                .hasSize(20);
    }

    @Test
    void deleteForMeHidesAMessageFromMyHistoryOnly() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, 0, bob, "d1", "one").getMessage();
        send(alice, 0, bob, "d2", "two");

        stub(bob, 1)
                .deleteForMe(DeleteForMeRequest.newBuilder()
                        .setMessageId(first.getMessageId())
                        .build());

        assertThat(syncAll(bob, conversation(alice, bob)))
                .extracting(Message::getSeq)
                .containsExactly(2L);
        assertThat(syncAll(alice, conversation(alice, bob)))
                .extracting(Message::getSeq)
                .containsExactly(1L, 2L);
        assertThat(onlyConversation(bob).getUnreadCount())
                .as("unread counts do not change")
                .isEqualTo(2);
        assertThat(codeOf(() -> stub(user("eve"), 0)
                        .deleteForMe(DeleteForMeRequest.newBuilder()
                                .setMessageId(first.getMessageId())
                                .build())))
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void badSendsAreRefusedWithValidationErrors() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        assertThat(codeOf(() -> send(alice, bob, "v1", ContentType.CONTENT_TYPE_SYSTEM, "I am the server")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> send(alice, bob, "v2", ContentType.CONTENT_TYPE_TEXT, "")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> send(alice, bob, "v3", ContentType.CONTENT_TYPE_TEXT, "😀".repeat(8001))))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(send(alice, bob, "v4", ContentType.CONTENT_TYPE_TEXT, "😀".repeat(8000))
                        .getCreated())
                .as("8,000 code points pass, though they are 16,000 chars")
                .isTrue();
        assertThat(codeOf(() -> send(alice, bob, "", ContentType.CONTENT_TYPE_TEXT, "no id")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> send(alice, bob, "v5", ContentType.CONTENT_TYPE_UNSPECIFIED, "no type")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> send(alice, bob, "v6", ContentType.CONTENT_TYPE_IMAGE, "not a url")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(send(alice, bob, "v7", ContentType.CONTENT_TYPE_IMAGE, "https://cdn.example/cat.png")
                        .getMessage()
                        .getContentType())
                .isEqualTo(ContentType.CONTENT_TYPE_IMAGE);
        assertThat(codeOf(() -> ChatServiceGrpc.newBlockingStub(channels.getFirst())
                        .sendMessage(SendMessageRequest.getDefaultInstance())))
                .isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void aReplyQuotesAMessageOfTheSameConversationAsItIsNow() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        String question = "q".repeat(99) + "\uD83D\uDE00 and more";
        Message quoted = send(alice, 0, bob, "q1", question).getMessage();
        Message toCarol = send(alice, 0, carol, "c1", "elsewhere").getMessage();

        Message reply = stub(bob, 1)
                .sendMessage(text(alice.id(), "r1", "yes")
                        .setReplyTo(quoted.getMessageId())
                        .build())
                .getMessage();
        assertThat(reply.getReplyTo().getMessageId()).isEqualTo(quoted.getMessageId());
        assertThat(reply.getReplyTo().getSenderId()).isEqualTo(alice.id());
        assertThat(reply.getReplyTo().getSnippet())
                .as("the first 100 code points of the quoted text")
                .isEqualTo("q".repeat(99) + "\uD83D\uDE00");

        assertThat(codeOf(() -> stub(bob, 0)
                        .sendMessage(text(alice.id(), "r2", "?")
                                .setReplyTo(toCarol.getMessageId())
                                .build())))
                .as("a message of another conversation")
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> stub(bob, 0)
                        .sendMessage(text(alice.id(), "r3", "?")
                                .setReplyTo("not-an-id")
                                .build())))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> stub(bob, 0)
                        .sendMessage(text(alice.id(), "r4", "@alice")
                                .addMentions(alice.id())
                                .build())))
                .as("mentions are for groups")
                .isEqualTo(ErrorCode.VALIDATION_FAILED);

        recall(alice, quoted);
        Message synced = syncAll(bob, conversation(alice, bob)).stream()
                .filter(m -> m.getMessageId().equals(reply.getMessageId()))
                .findFirst()
                .orElseThrow();
        assertThat(synced.getReplyTo().getRecalled()).isTrue();
        assertThat(synced.getReplyTo().getSnippet()).isEmpty();
        assertThat(synced.getReplyTo().getSenderId()).isEqualTo(alice.id());
    }

    @Test
    void theGatewaySendStreamNeedsTheClusterSecretAndStoresPipelinedSendsInOrder() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);

        BlockingQueue<Object> refused = new LinkedBlockingQueue<>();
        ChatServiceGrpc.newStub(channels.getFirst())
                .sendStream(collect(refused))
                .onNext(SendBatch.newBuilder()
                        .addSends(envelope(1, alice, bob.id(), "forged", "FORGED"))
                        .build());
        assertThat(refused.poll(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));

        Metadata secret = new Metadata();
        secret.put(ClusterSecret.HEADER, ServiceStack.CLUSTER_SECRET);
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        StreamObserver<SendBatch> stream = ChatServiceGrpc.newStub(channels.getFirst())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(secret))
                .sendStream(collect(answers));
        int count = 60;
        for (int first = 1; first <= count; first += 20) {
            SendBatch.Builder batch = SendBatch.newBuilder();
            for (int i = first; i < first + 20; i++) {
                batch.addSends(envelope(i, alice, bob.id(), "p" + i, "m" + i));
            }
            stream.onNext(batch.build());
        }
        stream.onNext(SendBatch.newBuilder()
                .addSends(envelope(1000, alice, carol.id(), "s1", "hello stranger"))
                .build());

        Map<Long, SendOutcome> outcomes = new HashMap<>();
        while (outcomes.size() < count + 1) {
            Object answer = answers.poll(10, TimeUnit.SECONDS);
            assertThat(answer).as("outcomes so far: %s", outcomes.keySet()).isInstanceOf(SendOutcomes.class);
            ((SendOutcomes) answer).getOutcomesList().forEach(outcome -> outcomes.put(outcome.getId(), outcome));
        }
        for (long i = 1; i <= count; i++) {
            Message stored = outcomes.get(i).getSent().getMessage();
            assertThat(stored.getSeq()).as("seq of send %d", i).isEqualTo(i);
            assertThat(stored.getContent()).isEqualTo("m" + i);
            assertThat(stored.getSenderId()).isEqualTo(alice.id());
        }
        assertThat(outcomes.get(1000L).getErrorCode()).isEqualTo(ErrorCode.NOT_FRIENDS.name());
        assertThat(outcomes.get(1000L).hasSent()).isFalse();

        stream.onNext(SendBatch.newBuilder()
                .addSends(envelope(2000, alice, bob.id(), "p1", "a retry"))
                .build());
        SendOutcome retry = ((SendOutcomes) answers.poll(10, TimeUnit.SECONDS)).getOutcomes(0);
        assertThat(retry.getSent().getCreated())
                .as("a repeated client id answers the original")
                .isFalse();
        assertThat(retry.getSent().getMessage().getSeq()).isEqualTo(1);
        stream.onCompleted();
        assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");
    }

    private static SendEnvelope envelope(long id, User sender, String to, String clientMsgId, String text) {
        return SendEnvelope.newBuilder()
                .setId(id)
                .setSenderId(sender.id())
                .setSessionId(UUID.randomUUID().toString())
                .setAccessToken(sender.token())
                .setRequest(text(to, clientMsgId, text))
                .build();
    }

    private static StreamObserver<SendOutcomes> collect(BlockingQueue<Object> answers) {
        return new StreamObserver<>() {
            @Override
            public void onNext(SendOutcomes outcomes) {
                answers.add(outcomes);
            }

            @Override
            public void onError(Throwable failure) {
                answers.add(failure);
            }

            @Override
            public void onCompleted() {
                answers.add("completed");
            }
        };
    }

    @Test
    void controlCharactersAreRefusedAsValidationErrorsBeforeTheStore() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(codeOf(() -> send(alice, bob, "nul", ContentType.CONTENT_TYPE_TEXT, "a\u0000b")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> send(alice, bob, "esc", ContentType.CONTENT_TYPE_TEXT, "\u001b[2J")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> send(alice, bob, "id\u0000", ContentType.CONTENT_TYPE_TEXT, "hi")))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        Message lines = send(alice, bob, "lines", ContentType.CONTENT_TYPE_TEXT, "one\r\n\ttwo")
                .getMessage();
        assertThat(lines.getContent()).isEqualTo("one\r\n\ttwo");
        assertThat(lines.getSeq()).as("the refused sends took no seq").isEqualTo(1);
    }

    @Test
    void theBeforeSendWebhookAllowsRejectsOrRewritesEachSendAndFailsOpenOrClosedAsConfigured() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        String secret = WEBHOOK_SECRET;
        try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
            receiver.answer(call -> {
                String content =
                        JSON.readTree(call.body()).path("data").path("content").asString();
                return switch (content) {
                    case "buy cheap pills" -> Answer.json("{\"action\":\"reject\",\"reason\":\"spam is not welcome\"}");
                    case "darn it" -> Answer.json("{\"action\":\"rewrite\",\"content\":\"d*rn it\"}");
                    case "slow" -> new Answer(200, "{\"action\":\"allow\"}", 2_000);
                    default -> Answer.json("{\"action\":\"allow\"}");
                };
            });
            Map<String, Object> settings = new HashMap<>(Map.of(
                    "relay.webhooks.secret",
                    secret,
                    "relay.webhooks.before-send.url",
                    receiver.uri().toString(),
                    "relay.webhooks.before-send.timeout",
                    "300ms"));
            servers.forEach(server -> WebhookReceiver.configure(server, settings));

            assertThat(send(alice, 0, bob, "w1", "hello").getMessage().getContent())
                    .isEqualTo("hello");
            WebhookReceiver.Call call = receiver.calls().getFirst();
            assertThat(call.signedCorrectly())
                    .as("signed with the shared secret")
                    .isTrue();
            assertThat(call.header("Relay-Event")).isEqualTo("message.before-send");
            JsonNode body = JSON.readTree(call.body());
            assertThat(body.path("type").asString()).isEqualTo("message.before-send");
            assertThat(body.path("id").asString()).isEqualTo(call.header("Relay-Event-Id"));
            assertThat(body.path("data").path("senderId").asString()).isEqualTo(alice.id());
            assertThat(body.path("data").path("receiverId").asString()).isEqualTo(bob.id());
            assertThat(body.path("data").path("conversationId").asString()).isEqualTo(conversation(alice, bob));

            StatusRuntimeException rejected = catchThrowableOfType(
                    StatusRuntimeException.class, () -> send(alice, 1, bob, "w2", "buy cheap pills"));
            assertThat(GrpcErrors.fromStatus(rejected).code()).isEqualTo(ErrorCode.MESSAGE_REJECTED);
            assertThat(GrpcErrors.fromStatus(rejected).detail()).isEqualTo("spam is not welcome");

            assertThat(send(alice, 0, bob, "w3", "darn it").getMessage().getContent())
                    .isEqualTo("d*rn it");
            int callsSoFar = receiver.calls().size();
            SendMessageResponse retry = send(alice, 1, bob, "w3", "darn it");
            assertThat(retry.getCreated()).isFalse();
            assertThat(retry.getMessage().getContent()).isEqualTo("d*rn it");
            assertThat(receiver.calls())
                    .as("a retry of a stored send is not screened again")
                    .hasSize(callsSoFar);

            assertThat(send(alice, 0, bob, "w4", "slow").getMessage().getContent())
                    .as("fail-open: a receiver too slow to answer lets the message through")
                    .isEqualTo("slow");
            settings.put("relay.webhooks.before-send.fail-open", "false");
            servers.forEach(server -> WebhookReceiver.configure(server, settings));
            assertThat(codeOf(() -> send(alice, 1, bob, "w5", "slow"))).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);

            assertThat(syncAll(bob, conversation(alice, bob)))
                    .extracting(Message::getContent)
                    .as("what was rejected was never stored")
                    .containsExactly("hello", "d*rn it", "slow");
            assertThat(receiver.calls()).allMatch(WebhookReceiver.Call::signedCorrectly);
        } finally {
            servers.forEach(WebhookReceiver::unconfigure);
        }
    }

    @Test
    void eachStoredMessageIsPostedToTheAfterSendWebhookAndAFailedCallIsRetriedWithTheSameEventId() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        KafkaListenerEndpointRegistry listeners = servers.getFirst().getBean(KafkaListenerEndpointRegistry.class);
        await().until(() -> listeners.getListenerContainers().stream()
                .filter(container ->
                        container.getGroupId() != null && container.getGroupId().startsWith("relay-webhooks-"))
                .anyMatch(container -> container.getAssignedPartitions() != null
                        && !container.getAssignedPartitions().isEmpty()));
        AtomicInteger failuresLeft = new AtomicInteger(2);
        afterSend.answer(call -> call.body().contains("\"content\":\"flaky\"") && failuresLeft.getAndDecrement() > 0
                ? new Answer(503, "", 0)
                : new Answer(204, "", 0));
        try {
            send(alice, 0, bob, "as1", "hello");
            send(bob, 0, alice, "as2", "flaky");
            send(bob, 1, alice, "as2", "flaky"); // a retry of a stored send makes no new event

            String conversation = conversation(alice, bob);
            await().untilAsserted(() -> assertThat(afterSend.calls().stream()
                            .filter(call -> call.body().contains(conversation))
                            .map(call -> JSON.readTree(call.body())
                                    .path("data")
                                    .path("content")
                                    .asString()))
                    .containsExactly("hello", "flaky", "flaky", "flaky"));
            List<WebhookReceiver.Call> calls = afterSend.calls().stream()
                    .filter(call -> call.body().contains(conversation))
                    .toList();
            assertThat(calls).allMatch(WebhookReceiver.Call::signedCorrectly);
            assertThat(calls).allMatch(call -> call.header("Relay-Event").equals("message.created"));
            assertThat(calls.subList(1, 4))
                    .extracting(call -> call.header("Relay-Event-Id"))
                    .as("the retries of one event carry its id")
                    .containsOnly(calls.get(1).header("Relay-Event-Id"))
                    .doesNotContain(calls.getFirst().header("Relay-Event-Id"));
            JsonNode data = JSON.readTree(calls.get(1).body()).path("data");
            assertThat(data.path("senderId").asString()).isEqualTo(bob.id());
            assertThat(data.path("receiverId").asString()).isEqualTo(alice.id());
            assertThat(data.path("conversationType").asString()).isEqualTo("PRIVATE");
            assertThat(data.path("seq").asLong()).isEqualTo(2);
        } finally {
            afterSend.answer(call -> new Answer(204, "", 0));
        }
    }

    // --- helpers

    record User(String id, String name, String token, ApiClient friends) {}

    private User user(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = users.register(name);
        String token = tokens.accessToken(id, UUID.randomUUID().toString());
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(friends)));
        return new User(id, name, token, api.withToken(token));
    }

    private static void befriend(User a, User b) {
        a.friends().post("/api/friends/requests", json("userId", b.id()));
        assertThat(b.friends()
                        .post("/api/friends/requests", json("userId", a.id()))
                        .status())
                .isEqualTo(200);
    }

    private static ChatServiceBlockingStub stub(User user, int instance) {
        return ChatServiceGrpc.newBlockingStub(channels.get(instance))
                .withCallCredentials(new BearerCredentials(user.token()));
    }

    private static SendMessageResponse send(User from, int instance, User to, String clientMsgId, String text) {
        return send(from, instance, to.id(), clientMsgId, text);
    }

    private static SendMessageResponse send(User from, int instance, String to, String clientMsgId, String text) {
        return stub(from, instance).sendMessage(text(to, clientMsgId, text).build());
    }

    private static SendMessageResponse send(User from, User to, String clientMsgId, ContentType type, String content) {
        return stub(from, 0)
                .sendMessage(SendMessageRequest.newBuilder()
                        .setTo(to.id())
                        .setClientMsgId(clientMsgId)
                        .setContentType(type)
                        .setContent(content)
                        .build());
    }

    private static Message recall(User user, Message message) {
        return stub(user, 1)
                .recall(RecallRequest.newBuilder()
                        .setMessageId(message.getMessageId())
                        .build())
                .getMessage();
    }

    private static Message edit(User user, Message message, String content) {
        return stub(user, 0)
                .edit(EditRequest.newBuilder()
                        .setMessageId(message.getMessageId())
                        .setContent(content)
                        .build())
                .getMessage();
    }

    private static Message react(User user, Message message, String emoji, boolean add) {
        return stub(user, 1)
                .react(ReactRequest.newBuilder()
                        .setMessageId(message.getMessageId())
                        .setEmoji(emoji)
                        .setAdd(add)
                        .build())
                .getMessage();
    }

    private static long markRead(User user, String conversationId, long seq) {
        return stub(user, 0)
                .markRead(MarkReadRequest.newBuilder()
                        .setConversationId(conversationId)
                        .setSeq(seq)
                        .build())
                .getReadSeq();
    }

    private static Conversation onlyConversation(User user) {
        List<Conversation> conversations = stub(user, 1)
                .listConversations(ListConversationsRequest.getDefaultInstance())
                .getConversationsList();
        assertThat(conversations).hasSize(1);
        return conversations.getFirst();
    }

    private static List<Long> history(User reader, User peer, Long before, Long after, int limit) {
        HistoryRequest.Builder request =
                HistoryRequest.newBuilder().setTarget(peer.id()).setLimit(limit);
        if (before != null) {
            request.setBeforeSeq(before);
        }
        if (after != null) {
            request.setAfterSeq(after);
        }
        return stub(reader, 0).getHistory(request.build()).getMessagesList().stream()
                .map(Message::getSeq)
                .toList();
    }

    private static List<Message> syncAll(User user, String conversationId) {
        List<Message> all = new ArrayList<>();
        boolean more = true;
        while (more) {
            long after = all.isEmpty() ? 0 : all.getLast().getSeq();
            var page = stub(user, all.size() % 2)
                    .sync(SyncRequest.newBuilder()
                            .setConversationId(conversationId)
                            .setAfterSeq(after)
                            .setLimit(150)
                            .build());
            all.addAll(page.getMessagesList());
            more = page.getHasMore();
        }
        return all;
    }

    private static String conversation(User a, User b) {
        return a.id().compareTo(b.id()) < 0 ? "p:" + a.id() + ":" + b.id() : "p:" + b.id() + ":" + a.id();
    }

    private static List<Long> range(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static List<String> readEvents(String conversationId) {
        return MessageEvents.of(conversationId).stream()
                .filter(MessageEvent::hasRead)
                .map(e -> e.getRead().getUserId() + "@" + e.getRead().getSeq())
                .toList();
    }
}
