package im.relay.groupmessage.conversation;

import static im.relay.common.testing.ApiClient.json;
import static im.relay.messagestore.testing.GrpcFailures.codeOf;
import static im.relay.messagestore.testing.SendRequests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.relay.common.error.ErrorCode;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.BearerCredentials;
import im.relay.common.testing.MutableClock;
import im.relay.common.testing.ServiceStack;
import im.relay.common.testing.TestServices;
import im.relay.friend.FriendServiceApplication;
import im.relay.group.GroupServiceApplication;
import im.relay.groupmessage.GroupMessageServerApplication;
import im.relay.messagestore.testing.MessageEvents;
import im.relay.proto.chat.v1.ChatServiceGrpc;
import im.relay.proto.chat.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import im.relay.proto.chat.v1.ContentType;
import im.relay.proto.chat.v1.Conversation;
import im.relay.proto.chat.v1.EditRequest;
import im.relay.proto.chat.v1.ListConversationsRequest;
import im.relay.proto.chat.v1.MarkReadRequest;
import im.relay.proto.chat.v1.Message;
import im.relay.proto.chat.v1.ReactRequest;
import im.relay.proto.chat.v1.RecallRequest;
import im.relay.proto.chat.v1.SyncRequest;
import im.relay.proto.events.v1.MessageEvent;
import im.relay.user.UserServiceBeside;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Two instances of group-message-server on one database, with the real group-service (and the friend-service and
 * user-service it calls), on PostgreSQL, Redis and Kafka.
 */
class GroupMessagesIT {

    static final MutableClock clock = new MutableClock();
    static TestTokens tokens;
    static ServiceStack stack;
    static UserServiceBeside users;
    static ConfigurableApplicationContext groups;
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
        users = UserServiceBeside.start("gm_users", tokens.jwksUri());
        ConfigurableApplicationContext friends =
                stack.start(FriendServiceApplication.class, "gm_friends", Map.of("user-service", users.grpcAddress()));
        groups = stack.start(
                GroupServiceApplication.class,
                "gm_groups",
                Map.of("user-service", users.grpcAddress(), "friend-service", ServiceStack.grpcAddress(friends)));
        Map<String, String> calls = Map.of("group-service", ServiceStack.grpcAddress(groups));
        for (int i = 0; i < 2; i++) {
            ConfigurableApplicationContext server =
                    stack.start(GroupMessageServerApplication.class, "gm_messages", calls, Clocks.class);
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
        users.close();
        tokens.close();
    }

    @Test
    void membersSendWhileOutsidersMutedMembersAndDismissedGroupsAreRefused() {
        User owner = user("owner");
        User member = user("member");
        User outsider = user("outsider");
        String group = createGroup(owner, member);

        Message first = send(member, 0, group, "m1", "hello all").getMessage();
        assertThat(first.getSeq()).isEqualTo(1);
        assertThat(first.getGroupId()).isEqualTo(group);
        assertThat(first.getConversationId()).isEqualTo("g:" + group);
        assertThat(await().until(() -> MessageEvents.of("g:" + group), events -> !events.isEmpty())
                        .getFirst()
                        .getRecipientIdsList())
                .as("a group message goes to every member")
                .containsExactlyInAnyOrder(owner.id, member.id);

        assertThat(codeOf(() -> send(outsider, 0, group, "o1", "let me in"))).isEqualTo(ErrorCode.NOT_GROUP_MEMBER);
        assertThat(codeOf(() -> send(member, 0, UUID.randomUUID().toString(), "m2", "anyone?")))
                .isEqualTo(ErrorCode.NOT_FOUND);

        String until = Instant.now().plus(Duration.ofHours(1)).toString();
        assertThat(owner.groups
                        .patch("/api/groups/" + group + "/members/" + member.id, json("mutedUntil", until))
                        .status())
                .isEqualTo(200);
        await().untilAsserted(() ->
                assertThat(codeOf(() -> send(member, 1, group, "m3", "muted?"))).isEqualTo(ErrorCode.MUTED));
        assertThat(send(owner, 1, group, "w1", "the owner still speaks")
                        .getMessage()
                        .getSeq())
                .as("a mute puts no line in the stream")
                .isEqualTo(2);

        assertThat(owner.groups.delete("/api/groups/" + group).status()).isEqualTo(204);
        await().untilAsserted(() -> assertThat(codeOf(() -> send(owner, 0, group, "w2", "gone?")))
                .isIn(ErrorCode.NOT_FOUND, ErrorCode.NOT_GROUP_MEMBER));
    }

    @Test
    void fiveConcurrentSendersThroughTwoInstancesGetEverySeqOnceInOneOrder() throws Exception {
        User owner = user("owner");
        List<User> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            senders.add(user("sender" + i));
        }
        String group = createGroup(owner, senders.toArray(User[]::new));
        senders.add(owner);
        int each = 100;
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        List<Future<List<Long>>> runs = new ArrayList<>();
        for (User sender : senders) {
            runs.add(pool.submit(() -> {
                List<Long> seqs = new ArrayList<>();
                for (int n = 0; n < each; n++) {
                    seqs.add(send(sender, n % 2, group, "s" + n, sender.name + " " + n)
                            .getMessage()
                            .getSeq());
                }
                return seqs;
            }));
        }
        List<Long> acked = new ArrayList<>();
        for (Future<List<Long>> run : runs) {
            List<Long> seqs = run.get();
            assertThat(seqs).as("one sender's messages keep their order").isSorted();
            acked.addAll(seqs);
        }
        pool.shutdown();

        List<Long> all =
                LongStream.rangeClosed(1, (long) each * senders.size()).boxed().toList();
        assertThat(acked).containsExactlyInAnyOrderElementsOf(all);
        List<Message> seenByOwner = syncAll(owner, group);
        assertThat(seenByOwner).extracting(Message::getSeq).containsExactlyElementsOf(all);
        for (User sender : senders) {
            assertThat(syncAll(sender, group)).isEqualTo(seenByOwner);
        }
        await().untilAsserted(() -> assertThat(MessageEvents.created("g:" + group))
                .extracting(Message::getSeq)
                .containsExactlyElementsOf(all));
    }

    @Test
    void membershipChangesBecomeSystemLinesAndNewMembersStartAtTheirJoin() {
        User owner = user("owner");
        User early = user("early");
        User late = user("late");
        String group = createGroup(owner, early);
        send(owner, 0, group, "x1", "before anyone joined");
        send(early, 1, group, "x2", "me too");

        assertThat(owner.groups
                        .post("/api/groups/" + group + "/members", json("userIds", List.of(late.id)))
                        .status())
                .isIn(200, 201);
        List<Message> lines = await().until(
                        () -> syncAll(owner, group).stream()
                                .filter(m -> m.getContentType() == ContentType.CONTENT_TYPE_SYSTEM)
                                .toList(),
                        found -> !found.isEmpty());
        Message joined = lines.getFirst();
        assertThat(joined.getSeq()).isEqualTo(3);
        assertThat(joined.getContent()).contains("\"event\":\"MEMBER_JOINED\"").contains(late.id);
        await().untilAsserted(() -> {
            Conversation lateView = onlyConversation(late);
            assertThat(lateView.getName()).isEqualTo("team");
            assertThat(lateView.getMaxSeq()).isEqualTo(3);
            assertThat(lateView.getUnreadCount())
                    .as("only the line that says they joined")
                    .isEqualTo(1);
        });

        assertThat(early.groups
                        .delete("/api/groups/" + group + "/members/" + early.id)
                        .status())
                .isEqualTo(204);
        await().untilAsserted(() -> assertThat(syncAll(owner, group))
                .extracting(Message::getContent)
                .anyMatch(content -> content.contains("\"event\":\"MEMBER_LEFT\"")));
        assertThat(codeOf(() -> syncAll(early, group))).isEqualTo(ErrorCode.NOT_GROUP_MEMBER);
        long lines2 = MessageEvents.created("g:" + group).stream()
                .filter(m -> m.getContentType() == ContentType.CONTENT_TYPE_SYSTEM)
                .count();
        assertThat(lines2).as("one line per event, though two instances listen").isEqualTo(2);
    }

    @Test
    void adminsRecallAnyMessageWhileMembersRecallOnlyTheirOwnInTime() {
        User owner = user("owner");
        User admin = user("admin");
        User member = user("member");
        String group = createGroup(owner, admin, member);
        owner.groups.patch("/api/groups/" + group + "/members/" + admin.id, json("role", "ADMIN"));
        Message byOwner = send(owner, 0, group, "r1", "owner's").getMessage();
        Message byMember = send(member, 0, group, "r2", "member's").getMessage();

        assertThat(codeOf(() -> recall(member, byOwner))).isEqualTo(ErrorCode.FORBIDDEN);
        clock.advance(Duration.ofMinutes(5));
        try {
            assertThat(codeOf(() -> recall(member, byMember))).isEqualTo(ErrorCode.RECALL_WINDOW_EXPIRED);
            await().untilAsserted(() ->
                    assertThat(recall(admin, byMember).getRecalled()).isTrue());
        } finally {
            clock.reset();
        }
        await().untilAsserted(() -> assertThat(MessageEvents.of("g:" + group))
                .filteredOn(MessageEvent::hasRecalled)
                .extracting(e -> e.getRecalled().getByUserId())
                .containsExactly(admin.id));
    }

    @Test
    void onlyTheSenderEditsWhileEveryMemberReacts() {
        User owner = user("owner");
        User member = user("member");
        User outsider = user("outsider");
        String group = createGroup(owner, member);
        Message byMember = send(member, 0, group, "ed1", "frist").getMessage();

        assertThat(codeOf(() -> edit(owner, byMember, "first")))
                .as("not even the owner edits someone else's message")
                .isEqualTo(ErrorCode.FORBIDDEN);
        Message edited = edit(member, byMember, "first");
        assertThat(edited.getContent()).isEqualTo("first");
        assertThat(edited.getSeq()).isEqualTo(byMember.getSeq());

        react(owner, byMember, "\u2764\uFE0F", true);
        assertThat(react(member, byMember, "\u2764\uFE0F", true).getReactionsList())
                .extracting(r -> r.getEmoji() + "=" + r.getUserIdsList())
                .containsExactly("\u2764\uFE0F=" + List.of(owner.id, member.id));
        assertThat(codeOf(() -> react(outsider, byMember, "\u2764\uFE0F", true)))
                .isEqualTo(ErrorCode.NOT_GROUP_MEMBER);

        Message synced = syncAll(owner, group).stream()
                .filter(m -> m.getMessageId().equals(byMember.getMessageId()))
                .findFirst()
                .orElseThrow();
        assertThat(synced.getContent()).isEqualTo("first");
        assertThat(synced.getEditVersion()).isEqualTo(1);
        assertThat(synced.getReactionsList()).hasSize(1);
        await().untilAsserted(() -> assertThat(MessageEvents.of("g:" + group))
                .filteredOn(e -> e.hasEdited() || e.hasReaction())
                .allSatisfy(e -> assertThat(e.getRecipientIdsList()).contains(owner.id, member.id))
                .hasSize(3));
    }

    @Test
    void membersMentionMembersOnlyAdminsMentionAllAndReadingClearsTheCount() {
        User owner = user("owner");
        User member = user("member");
        User other = user("other");
        User outsider = user("outsider");
        String group = createGroup(owner, member, other);
        Message question = send(member, 0, group, "mq", "who is in?").getMessage();

        Message reply = stub(owner, 1)
                .sendMessage(text(group, "mr", "me")
                        .setReplyTo(question.getMessageId())
                        .addMentions(member.id)
                        .addMentions(member.id)
                        .build())
                .getMessage();
        assertThat(reply.getReplyTo().getSenderId()).isEqualTo(member.id);
        assertThat(reply.getReplyTo().getSnippet()).isEqualTo("who is in?");
        assertThat(reply.getMentionsList()).as("each member once").containsExactly(member.id);
        assertThat(stub(owner, 0)
                        .sendMessage(text(group, "ma", "all of you")
                                .setMentionsAll(true)
                                .build())
                        .getMessage()
                        .getMentionsAll())
                .isTrue();

        assertThat(codeOf(() -> stub(member, 0)
                        .sendMessage(text(group, "mb", "everyone!")
                                .setMentionsAll(true)
                                .build())))
                .as("@all is for owners and admins")
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(codeOf(() -> stub(member, 0)
                        .sendMessage(text(group, "mc", "hey")
                                .addMentions(outsider.id)
                                .build())))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(codeOf(() -> stub(member, 0)
                        .sendMessage(
                                text(group, "md", "hey").addMentions("@bob").build())))
                .isEqualTo(ErrorCode.VALIDATION_FAILED);

        assertThat(onlyConversation(member).getMentionedCount()).isEqualTo(2);
        assertThat(onlyConversation(other).getMentionedCount()).as("@all only").isEqualTo(1);
        assertThat(onlyConversation(owner).getMentionedCount())
                .as("not by my own messages")
                .isZero();
        assertThat(syncAll(other, group).getLast().getMentionsAll()).isTrue();

        stub(member, 1)
                .markRead(MarkReadRequest.newBuilder()
                        .setConversationId("g:" + group)
                        .setSeq(reply.getSeq())
                        .build());
        assertThat(onlyConversation(member).getMentionedCount()).isEqualTo(1);
        stub(member, 1)
                .markRead(MarkReadRequest.newBuilder()
                        .setConversationId("g:" + group)
                        .setSeq(Long.MAX_VALUE)
                        .build());
        assertThat(onlyConversation(member).getMentionedCount()).isZero();
    }

    @Test
    void aGroupWithoutMessagesIsListedWithNothingUnread() {
        User owner = user("owner");
        String group = createGroup(owner);
        Conversation view = onlyConversation(owner);
        assertThat(view.getConversationId()).isEqualTo("g:" + group);
        assertThat(view.getGroupId()).isEqualTo(group);
        assertThat(view.getMaxSeq()).isZero();
        assertThat(view.getUnreadCount()).isZero();
        assertThat(view.hasLastMessage()).isFalse();
    }

    // --- helpers

    record User(String id, String name, String token, ApiClient groups) {}

    private User user(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = users.register(name);
        String token = tokens.accessToken(id, UUID.randomUUID().toString());
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(groups)));
        return new User(id, name, token, api.withToken(token));
    }

    private static String createGroup(User owner, User... members) {
        ApiClient.Reply created = owner.groups()
                .post(
                        "/api/groups",
                        json(
                                "name",
                                "team",
                                "memberIds",
                                List.of(members).stream().map(User::id).toList()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static ChatServiceBlockingStub stub(User user, int instance) {
        return ChatServiceGrpc.newBlockingStub(channels.get(instance))
                .withCallCredentials(new BearerCredentials(user.token()));
    }

    private static im.relay.proto.chat.v1.SendMessageResponse send(
            User from, int instance, String group, String clientMsgId, String text) {
        return stub(from, instance).sendMessage(text(group, clientMsgId, text).build());
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

    private static Conversation onlyConversation(User user) {
        List<Conversation> conversations = stub(user, 0)
                .listConversations(ListConversationsRequest.getDefaultInstance())
                .getConversationsList();
        assertThat(conversations).hasSize(1);
        return conversations.getFirst();
    }

    private static List<Message> syncAll(User user, String group) {
        List<Message> all = new ArrayList<>();
        boolean more = true;
        while (more) {
            long after = all.isEmpty() ? 0 : all.getLast().getSeq();
            var page = stub(user, all.size() % 2)
                    .sync(SyncRequest.newBuilder()
                            .setConversationId("g:" + group)
                            .setAfterSeq(after)
                            .setLimit(200)
                            .build());
            all.addAll(page.getMessagesList());
            more = page.getHasMore();
        }
        return all;
    }
}
