package im.relay.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeRelayClientTest {

    private final TestClock clock = new TestClock();
    private final FakeRelayServer server = new FakeRelayServer(clock);
    private RelayClient alice;
    private RelayClient bob;
    private RelayClient carol;
    private String a;
    private String b;
    private String c;

    @BeforeEach
    void signUp() {
        alice = server.client();
        bob = server.client();
        carol = server.client();
        a = alice.register("alice", "password-a", "Alice").id();
        b = bob.register("bob", "password-b", null).id();
        c = carol.register("carol", "password-c", "Caz").id();
    }

    // --- accounts ---

    @Test
    void registerSignsInAndRefusesATakenUsernameInAnyCase() {
        assertThat(alice.userId()).isEqualTo(a);
        assertThat(alice.tokens().userId()).isEqualTo(a);
        assertThat(alice.users().me().nickname()).isEqualTo("Alice");
        assertThat(bob.users().me().nickname()).isEqualTo("bob"); // defaults to the username

        assertRefused(() -> server.client().register("ALICE", "password-x", null), 409, "USERNAME_TAKEN");
    }

    @Test
    void registerRefusesBadUsernamesAndPasswordLengths() {
        RelayClient client = server.client();

        assertRefused(() -> client.register("ab", "password1", null), 400, "VALIDATION_FAILED");
        assertRefused(() -> client.register("has space", "password1", null), 400, "VALIDATION_FAILED");
        assertRefused(() -> client.register("dave", "short", null), 400, "VALIDATION_FAILED");
        assertRefused(() -> client.register("dave", "x".repeat(129), null), 400, "VALIDATION_FAILED");
    }

    @Test
    void loginChecksThePasswordAndFindsTheUsernameInAnyCase() {
        RelayClient again = server.client();

        assertRefused(() -> again.login("alice", "wrong-password"), 401, "INVALID_CREDENTIALS");
        assertRefused(() -> again.login("nobody", "password-a"), 401, "INVALID_CREDENTIALS");
        assertThat(again.login("ALICE", "password-a").id()).isEqualTo(a);
    }

    @Test
    void callsBeforeLoginAreUnauthorized() {
        RelayClient stranger = server.client();

        assertThat(stranger.tokens()).isNull();
        assertRefused(stranger::userId, 401, "UNAUTHORIZED");
        assertRefused(() -> stranger.users().me(), 401, "UNAUTHORIZED");
        assertRefused(() -> stranger.friends().list(), 401, "UNAUTHORIZED");
        assertRefused(() -> stranger.connect(new Recorder()), 401, "UNAUTHORIZED");
    }

    @Test
    void logoutEndsTheSessionAndClosesItsConnectionAsRevoked() {
        Recorder listener = new Recorder();
        ChatConnection connection = alice.connect(listener);
        Tokens old = alice.tokens();

        alice.logout();

        assertThat(listener.events).endsWith("state CLOSED", "closed REVOKED");
        assertThat(connection.state()).isEqualTo(ChatConnection.State.CLOSED);
        assertThat(alice.tokens()).isNull();
        RelayClient resumed = server.client();
        resumed.resume(old);
        assertRefused(() -> resumed.users().me(), 401, "UNAUTHORIZED");
    }

    @Test
    void resumeWithTokensOfALiveSessionActsAsThatUser() {
        RelayClient resumed = server.client();

        resumed.resume(alice.tokens());

        assertThat(resumed.users().me().id()).isEqualTo(a);
    }

    @Test
    void usernamesAreLookedUpExactlyButInAnyCase() {
        assertThat(alice.users().byUsername("BOB").id()).isEqualTo(b);
        assertRefused(() -> alice.users().byUsername("bo"), 404, "NOT_FOUND");
        assertRefused(() -> alice.users().get("no-such-id"), 404, "NOT_FOUND");
    }

    @Test
    void searchMatchesUsernameOrNicknameSubstringsAndCountsThemAll() {
        Page<User> byNickname = alice.users().search("CAZ", 20, 0);
        Page<User> firstOfTwo = alice.users().search("o", 1, 0);

        assertThat(byNickname.items()).extracting(User::id).containsExactly(c);
        assertThat(byNickname.total()).isEqualTo(1);
        assertThat(firstOfTwo.items()).extracting(User::username).containsExactly("bob");
        assertThat(firstOfTwo.total()).isEqualTo(2); // bob and carol
        assertThat(firstOfTwo.hasMore()).isTrue();
        assertRefused(() -> alice.users().search("", 20, 0), 400, "VALIDATION_FAILED");
    }

    @Test
    void theEmailIsShownOnlyToItsOwner() {
        alice.users().updateMe("Ally", null, "alice@example.com");

        assertThat(alice.users().me().email()).isEqualTo("alice@example.com");
        assertThat(bob.users().get(a).email()).isNull();
        assertThat(bob.users().get(a).nickname()).isEqualTo("Ally");
        assertRefused(() -> bob.users().updateMe(null, null, "ALICE@example.com"), 409, "EMAIL_TAKEN");
    }

    @Test
    void changingThePasswordNeedsTheCurrentOne() {
        assertRefused(() -> alice.users().changePassword("wrong-password", "new-password"), 401, "INVALID_CREDENTIALS");

        alice.users().changePassword("password-a", "new-password");

        assertThat(server.client().login("alice", "new-password").id()).isEqualTo(a);
    }

    // --- friends ---

    @Test
    void aFriendRequestIsPendingUntilTheAddresseeAccepts() {
        FriendRequest request = alice.friends().request(b, "hi");

        assertThat(request.status()).isEqualTo("PENDING");
        assertThat(alice.friends().outgoing()).extracting(FriendRequest::id).containsExactly(request.id());
        assertThat(bob.friends().incoming()).extracting(FriendRequest::id).containsExactly(request.id());
        assertThat(alice.friends().list()).isEmpty();

        bob.friends().accept(request.id());

        assertThat(alice.friends().list()).extracting(Friend::userId).containsExactly(b);
        assertThat(bob.friends().list()).extracting(Friend::userId).containsExactly(a);
        assertThat(bob.friends().incoming()).isEmpty();
    }

    @Test
    void askingSomeoneWhoAskedFirstMakesFriendsAtOnce() {
        alice.friends().request(b, null);

        FriendRequest answer = bob.friends().request(a, null);

        assertThat(answer.status()).isEqualTo("ACCEPTED");
        assertThat(alice.friends().list()).extracting(Friend::userId).containsExactly(b);
        assertThat(alice.friends().outgoing()).isEmpty();
    }

    @Test
    void repeatedRequestsAreRefused() {
        alice.friends().request(b, null);
        assertRefused(() -> alice.friends().request(b, null), 409, "REQUEST_PENDING");

        befriend(alice, carol);
        assertRefused(() -> alice.friends().request(c, null), 409, "ALREADY_FRIENDS");
    }

    @Test
    void befriendingOneselfIsInvalid() {
        assertRefused(() -> alice.friends().request(a, null), 400, "VALIDATION_FAILED");
    }

    @Test
    void onlyTheAddresseeMayAnswerARequest() {
        FriendRequest request = alice.friends().request(b, null);

        assertRefused(() -> alice.friends().accept(request.id()), 404, "NOT_FOUND");
        assertRefused(() -> carol.friends().reject(request.id()), 404, "NOT_FOUND");

        bob.friends().reject(request.id());
        assertRefused(() -> bob.friends().accept(request.id()), 404, "NOT_FOUND");
        assertThat(alice.friends().request(b, "again?").status()).isEqualTo("PENDING");
    }

    @Test
    void aBlockStopsRequestsInBothDirectionsAndRejectsPendingOnes() {
        FriendRequest pending = carol.friends().request(a, null);

        alice.friends().block(c);

        assertThat(alice.friends().blocked()).extracting(User::id).containsExactly(c);
        assertThat(alice.friends().incoming()).isEmpty();
        assertRefused(() -> alice.friends().request(c, null), 403, "BLOCKED");
        assertRefused(() -> carol.friends().request(a, null), 403, "BLOCKED");
        assertRefused(() -> alice.friends().accept(pending.id()), 404, "NOT_FOUND");

        alice.friends().unblock(c);
        assertThat(carol.friends().request(a, null).status()).isEqualTo("PENDING");
    }

    @Test
    void theFriendListShowsRemarksAndWhoIsOnline() {
        befriend(alice, bob);
        befriend(alice, carol);
        bob.connect(new Recorder());

        alice.friends().setRemark(b, "Bobby");

        assertThat(alice.friends().list())
                .extracting(Friend::userId, Friend::remark, Friend::online)
                .containsExactly(tuple(b, "Bobby", true), tuple(c, "", false));
        assertRefused(() -> alice.friends().setRemark("no-such-id", "x"), 404, "NOT_FOUND");
    }

    @Test
    void removingAFriendEndsTheFriendshipForBoth() {
        befriend(alice, bob);
        Recorder bobs = new Recorder();
        bob.connect(bobs);

        alice.friends().remove(b);

        assertThat(bob.friends().list()).isEmpty();
        assertThat(bobs.notifications).containsExactly(Map.entry("FRIEND_DELETED", Map.of("userId", a)));
        assertRefused(() -> alice.friends().remove(b), 404, "NOT_FOUND");
    }

    // --- groups ---

    @Test
    void theCreatorOwnsTheGroupAndEachMemberSeesTheirRole() {
        Group group = alice.groups().create("Team", "ours", List.of(b, c));

        assertThat(group.role()).isEqualTo("OWNER");
        assertThat(group.ownerId()).isEqualTo(a);
        assertThat(group.memberCount()).isEqualTo(3);
        assertThat(bob.groups().mine()).extracting(Group::id, Group::role).containsExactly(tuple(group.id(), "MEMBER"));
        assertThat(bob.groups().members(group.id()))
                .extracting(Member::userId, Member::role)
                .containsExactly(tuple(a, "OWNER"), tuple(b, "MEMBER"), tuple(c, "MEMBER"));
    }

    @Test
    void onlyMembersMaySeeAGroup() {
        Group group = alice.groups().create("Team", null, List.of(b));

        assertRefused(() -> carol.groups().get(group.id()), 403, "NOT_GROUP_MEMBER");
        assertRefused(() -> carol.groups().members(group.id()), 403, "NOT_GROUP_MEMBER");
        assertRefused(() -> carol.groups().get("no-such-group"), 404, "NOT_FOUND");
    }

    @Test
    void onlyTheOwnerAndAdminsMayUpdateAGroup() {
        Group group = alice.groups().create("Team", null, List.of(b, c));

        assertRefused(() -> bob.groups().update(group.id(), "Mine", null, null), 403, "FORBIDDEN");
        alice.groups().setRole(group.id(), b, "ADMIN");

        assertThat(bob.groups().update(group.id(), "Renamed", null, null).name())
                .isEqualTo("Renamed");
        assertThat(carol.groups().get(group.id()).name()).isEqualTo("Renamed");
        assertRefused(() -> bob.groups().setRole(group.id(), c, "ADMIN"), 403, "FORBIDDEN");
        assertRefused(() -> alice.groups().setRole(group.id(), b, "OWNER"), 400, "VALIDATION_FAILED");
    }

    @Test
    void addingMembersAnswersTheNewOnesAndOnlyRepeatsAreAConflict() {
        Group group = alice.groups().create("Team", null, List.of(b));

        List<Member> added = alice.groups().addMembers(group.id(), List.of(b, c));

        assertThat(added).extracting(Member::userId).containsExactly(c);
        assertRefused(() -> alice.groups().addMembers(group.id(), List.of(b, c)), 409, "ALREADY_MEMBER");
        assertRefused(() -> bob.groups().addMembers(group.id(), List.of(c)), 403, "FORBIDDEN");
    }

    @Test
    void theOwnerMustTransferBeforeLeaving() {
        Group group = alice.groups().create("Team", null, List.of(b));

        assertRefused(() -> alice.groups().removeMember(group.id(), a), 409, "OWNER_MUST_TRANSFER");
        alice.groups().transferOwnership(group.id(), b);

        assertThat(bob.groups().get(group.id()).role()).isEqualTo("OWNER");
        assertThat(alice.groups().get(group.id()).role()).isEqualTo("ADMIN");
        alice.groups().removeMember(group.id(), a);
        assertRefused(() -> alice.groups().get(group.id()), 403, "NOT_GROUP_MEMBER");
    }

    @Test
    void anAdminMayRemoveMembersButNotOtherAdmins() {
        Group group = alice.groups().create("Team", null, List.of(b, c));
        alice.groups().setRole(group.id(), b, "ADMIN");
        alice.groups().setRole(group.id(), c, "ADMIN");

        assertRefused(() -> bob.groups().removeMember(group.id(), c), 403, "FORBIDDEN");
        alice.groups().setRole(group.id(), c, "MEMBER");
        bob.groups().removeMember(group.id(), c);

        assertThat(alice.groups().get(group.id()).memberCount()).isEqualTo(2);
    }

    @Test
    void aDismissedGroupIsGoneForEveryoneWhoIsToldSo() {
        Group group = alice.groups().create("Team", null, List.of(b));
        Recorder bobs = new Recorder();
        bob.connect(bobs);

        assertRefused(() -> bob.groups().dismiss(group.id()), 403, "FORBIDDEN");
        alice.groups().dismiss(group.id());

        assertRefused(() -> bob.groups().get(group.id()), 404, "NOT_FOUND");
        assertThat(bob.groups().mine()).isEmpty();
        assertThat(bobs.notifications).containsExactly(Map.entry("GROUP_DISMISSED", Map.of("groupId", group.id())));
    }

    // --- messages ---

    @Test
    void privateMessageNeedsFriendship() {
        assertRefused(() -> send(alice, ConversationType.PRIVATE, b, "hi"), 403, "NOT_FRIENDS");
        assertRefused(() -> send(alice, ConversationType.PRIVATE, "not-an-id", "hi"), 404, "NOT_FOUND");
    }

    @Test
    void blockedUserCannotMessageEitherWayButHistoryStaysReadable() {
        befriend(alice, bob);
        send(alice, ConversationType.PRIVATE, b, "before");

        bob.friends().block(a);

        assertRefused(() -> send(alice, ConversationType.PRIVATE, b, "hi"), 403, "BLOCKED");
        assertRefused(() -> send(bob, ConversationType.PRIVATE, a, "hi"), 403, "BLOCKED");
        assertThat(alice.friends().list()).extracting(Friend::userId).containsExactly(b);
        assertThat(alice.messages()
                        .history(ConversationType.PRIVATE, b, 0, 0, 0)
                        .items())
                .extracting(Message::content)
                .containsExactly("before");
    }

    @Test
    void seqsCountUpPerConversationFromOne() {
        befriend(alice, bob);
        befriend(alice, carol);
        Group group = alice.groups().create("Team", null, List.of(b));

        Message first = send(alice, ConversationType.PRIVATE, b, "1");
        Message second = send(bob, ConversationType.PRIVATE, a, "2");
        Message other = send(alice, ConversationType.PRIVATE, c, "x");
        Message inGroup = send(bob, ConversationType.GROUP, group.id(), "g");

        assertThat(List.of(first.seq(), second.seq(), other.seq(), inGroup.seq()))
                .containsExactly(1L, 2L, 1L, 1L);
        assertThat(first.conversationId()).isEqualTo(ConversationType.PRIVATE.conversationId(b, a));
        assertThat(first.conversationId()).isEqualTo(a.compareTo(b) < 0 ? "p:" + a + ":" + b : "p:" + b + ":" + a);
        assertThat(first.receiverId()).isEqualTo(b);
        assertThat(inGroup.conversationId()).isEqualTo("g:" + group.id());
        assertThat(inGroup.groupId()).isEqualTo(group.id());
        assertThat(first.sentAt()).isEqualTo(clock.instant());
    }

    @Test
    void retryWithSameClientMsgIdReturnsTheOriginal() {
        befriend(alice, bob);
        Recorder bobs = new Recorder();
        bob.connect(bobs);

        Message original = alice.messages().send(ConversationType.PRIVATE, b, "id-1", "TEXT", "hi");
        Message retry = alice.messages().send(ConversationType.PRIVATE, b, "id-1", "TEXT", "hi");

        assertThat(retry).isEqualTo(original);
        assertThat(bob.messages().history(ConversationType.PRIVATE, a, 0, 0, 0).items())
                .hasSize(1);
        assertThat(bobs.messages).hasSize(1);
        // the same clientMsgId of another sender is another message
        assertThat(bob.messages()
                        .send(ConversationType.PRIVATE, a, "id-1", "TEXT", "yo")
                        .seq())
                .isEqualTo(2);
    }

    @Test
    void contentIsValidatedAsTheServerDoes() {
        befriend(alice, bob);

        assertRefused(
                () -> alice.messages().send(ConversationType.PRIVATE, b, "m", "TEXT", ""), 400, "VALIDATION_FAILED");
        assertRefused(
                () -> alice.messages().send(ConversationType.PRIVATE, b, "m", "SYSTEM", "{}"),
                400,
                "VALIDATION_FAILED");
        assertRefused(
                () -> alice.messages().send(ConversationType.PRIVATE, b, "m", "IMAGE", "not a url"),
                400,
                "VALIDATION_FAILED");
        assertThat(alice.messages()
                        .send(ConversationType.PRIVATE, b, "m", "IMAGE", "https://cdn.example/cat.png")
                        .contentType())
                .isEqualTo("IMAGE");
    }

    @Test
    void groupMessageNeedsMembership() {
        Group group = alice.groups().create("Team", null, List.of(b));

        assertRefused(() -> send(carol, ConversationType.GROUP, group.id(), "hi"), 403, "NOT_GROUP_MEMBER");
        assertRefused(() -> send(carol, ConversationType.GROUP, "no-such-group", "hi"), 404, "NOT_FOUND");
        assertRefused(
                () -> carol.messages().history(ConversationType.GROUP, group.id(), 0, 0, 0), 403, "NOT_GROUP_MEMBER");
    }

    @Test
    void mutedMembersCannotSpeakButManagersAreExemptFromMuteAll() {
        Group group = alice.groups().create("Team", null, List.of(b, c));
        alice.groups().setRole(group.id(), c, "ADMIN");

        alice.groups().mute(group.id(), b, clock.instant().plusSeconds(60));
        assertRefused(() -> send(bob, ConversationType.GROUP, group.id(), "hi"), 403, "MUTED");
        clock.advance(Duration.ofSeconds(61));
        send(bob, ConversationType.GROUP, group.id(), "free again");

        alice.groups().update(group.id(), null, null, true);
        assertRefused(() -> send(bob, ConversationType.GROUP, group.id(), "hi"), 403, "MUTED");
        send(carol, ConversationType.GROUP, group.id(), "admins may");
        assertRefused(() -> carol.groups().mute(group.id(), a, null), 403, "FORBIDDEN");
    }

    @Test
    void historyPagesNewestFirst() {
        befriend(alice, bob);
        for (int i = 1; i <= 5; i++) {
            send(alice, ConversationType.PRIVATE, b, "m" + i);
        }

        Page<Message> latest = bob.messages().history(ConversationType.PRIVATE, a, 0, 0, 2);
        Page<Message> older = bob.messages().history(ConversationType.PRIVATE, a, 4, 0, 2);
        Page<Message> oldest = bob.messages().history(ConversationType.PRIVATE, a, 2, 0, 2);

        assertThat(latest.items()).extracting(Message::seq).containsExactly(5L, 4L);
        assertThat(latest.hasMore()).isTrue();
        assertThat(older.items()).extracting(Message::seq).containsExactly(3L, 2L);
        assertThat(oldest.items()).extracting(Message::seq).containsExactly(1L);
        assertThat(oldest.hasMore()).isFalse();
    }

    @Test
    void historyAfterASeqPagesOldestFirst() {
        befriend(alice, bob);
        for (int i = 1; i <= 5; i++) {
            send(alice, ConversationType.PRIVATE, b, "m" + i);
        }

        Page<Message> after = bob.messages().history(ConversationType.PRIVATE, a, 0, 1, 3);
        Page<Message> between = bob.messages().history(ConversationType.PRIVATE, a, 5, 2, 0);

        assertThat(after.items()).extracting(Message::seq).containsExactly(2L, 3L, 4L);
        assertThat(after.hasMore()).isTrue();
        assertThat(between.items()).extracting(Message::seq).containsExactly(3L, 4L);
        assertThat(between.hasMore()).isFalse();
    }

    @Test
    void historyPagesHoldFiftyByDefaultAndTwoHundredAtMost() {
        befriend(alice, bob);
        for (int i = 1; i <= 201; i++) {
            send(alice, ConversationType.PRIVATE, b, "m" + i);
        }

        assertThat(bob.messages().history(ConversationType.PRIVATE, a, 0, 0, 0).items())
                .hasSize(50);
        assertThat(bob.messages()
                        .history(ConversationType.PRIVATE, a, 0, 0, 500)
                        .items())
                .hasSize(200);
        assertThat(bob.messages().history(ConversationType.PRIVATE, c, 0, 0, 0).items())
                .isEmpty();
    }

    @Test
    void theConversationListIsMostRecentFirstWithUnreadCounts() {
        befriend(alice, bob);
        befriend(alice, carol);
        Group quiet = alice.groups().create("Quiet", null, List.of(b));
        send(alice, ConversationType.PRIVATE, b, "1");
        send(alice, ConversationType.PRIVATE, b, "2");
        send(carol, ConversationType.PRIVATE, a, "from carol");

        List<Conversation> alices = alice.messages().conversations();
        List<Conversation> bobs = bob.messages().conversations();

        assertThat(alices)
                .extracting(Conversation::peerId, Conversation::maxSeq, Conversation::unreadCount)
                .containsExactly(
                        tuple(c, 1L, 1L),
                        tuple(b, 2L, 0L), // sending moved alice's cursor
                        tuple(null, 0L, 0L));
        assertThat(alices.get(0).name()).isEqualTo("Caz");
        assertThat(alices.get(2).groupId()).isEqualTo(quiet.id());
        assertThat(alices.get(2).lastMessage()).isNull();
        assertThat(bobs.get(0).name()).isEqualTo("Alice");
        assertThat(bobs.get(0).lastMessage().content()).isEqualTo("2");
        assertThat(bobs.get(0).readSeq()).isZero();
        assertThat(carol.messages().conversations())
                .extracting(Conversation::peerId)
                .containsExactly(a);
    }

    @Test
    void markReadMovesForwardOnlyAndStopsAtTheLastMessage() {
        befriend(alice, bob);
        String conversation = send(alice, ConversationType.PRIVATE, b, "1").conversationId();
        send(alice, ConversationType.PRIVATE, b, "2");
        send(alice, ConversationType.PRIVATE, b, "3");

        bob.messages().markRead(conversation, 2);
        bob.messages().markRead(conversation, 1);
        assertThat(bob.messages().conversations().get(0).readSeq()).isEqualTo(2);

        bob.messages().markRead(conversation, 99);
        assertThat(bob.messages().conversations().get(0).readSeq()).isEqualTo(3);
        assertRefused(() -> carol.messages().markRead(conversation, 1), 404, "NOT_FOUND");
    }

    @Test
    void unreadSumsTheConversationsWithUnreadMessages() {
        befriend(alice, bob);
        befriend(carol, bob);
        send(alice, ConversationType.PRIVATE, b, "1");
        send(alice, ConversationType.PRIVATE, b, "2");
        Message fromCarol = send(carol, ConversationType.PRIVATE, b, "3");
        send(bob, ConversationType.PRIVATE, c, "answered"); // moves bob's cursor in that conversation

        Unread unread = bob.messages().unread();

        assertThat(unread.total()).isEqualTo(2);
        assertThat(unread.conversations())
                .containsExactly(Map.entry(ConversationType.PRIVATE.conversationId(a, b), 2L));
        assertThat(carol.messages().unread().conversations()).containsOnlyKeys(fromCarol.conversationId());
    }

    @Test
    void theSenderRecallsAMessageForEveryone() {
        befriend(alice, bob);
        Recorder bobs = new Recorder();
        bob.connect(bobs);
        Message sent = send(alice, ConversationType.PRIVATE, b, "oops");

        Message recalled = alice.messages().recall(sent.messageId());

        assertThat(recalled.recalled()).isTrue();
        assertThat(recalled.content()).isEmpty();
        assertThat(recalled.seq()).isEqualTo(sent.seq());
        assertThat(bob.messages().history(ConversationType.PRIVATE, a, 0, 0, 0).items())
                .singleElement()
                .satisfies(message -> assertThat(message.recalled()).isTrue());
        assertThat(bobs.events).endsWith("recalled " + sent.messageId() + " by " + a);
        assertThat(alice.messages().recall(sent.messageId())).isEqualTo(recalled);
    }

    @Test
    void othersMayNotRecallUnlessTheyManageTheGroup() {
        befriend(alice, bob);
        Message mine = send(alice, ConversationType.PRIVATE, b, "mine");
        Group group = alice.groups().create("Team", null, List.of(b, c));
        Message bobs = send(bob, ConversationType.GROUP, group.id(), "bob's");

        assertRefused(() -> bob.messages().recall(mine.messageId()), 403, "FORBIDDEN");
        assertRefused(() -> carol.messages().recall(bobs.messageId()), 403, "FORBIDDEN");
        assertRefused(() -> carol.messages().recall(mine.messageId()), 404, "NOT_FOUND");
        assertThat(alice.messages().recall(bobs.messageId()).recalled()).isTrue();
    }

    @Test
    void theSendersRecallWindowClosesAfterTwoMinutes() {
        befriend(alice, bob);
        Message late = send(alice, ConversationType.PRIVATE, b, "late");
        Group group = bob.groups().create("Team", null, List.of(a));
        Message inGroup = send(alice, ConversationType.GROUP, group.id(), "hi");

        clock.advance(Duration.ofSeconds(121));

        assertRefused(() -> alice.messages().recall(late.messageId()), 409, "RECALL_WINDOW_EXPIRED");
        assertThat(bob.messages().recall(inGroup.messageId()).recalled()).isTrue(); // the owner, at any time
    }

    @Test
    void deleteForMeHidesAMessageFromMyHistoryOnly() {
        befriend(alice, bob);
        Message first = send(alice, ConversationType.PRIVATE, b, "1");
        send(alice, ConversationType.PRIVATE, b, "2");

        bob.messages().deleteForMe(first.messageId());

        assertThat(bob.messages().history(ConversationType.PRIVATE, a, 0, 0, 0).items())
                .extracting(Message::seq)
                .containsExactly(2L);
        assertThat(alice.messages()
                        .history(ConversationType.PRIVATE, b, 0, 0, 0)
                        .items())
                .hasSize(2);
        assertThat(bob.messages().unread().total()).isEqualTo(2);
        assertRefused(() -> carol.messages().deleteForMe(first.messageId()), 404, "NOT_FOUND");
    }

    @Test
    void anAddedMemberStartsAtTheSystemLineAnnouncingThem() {
        Group group = alice.groups().create("Team", null, List.of(b));
        send(bob, ConversationType.GROUP, group.id(), "before carol");

        alice.groups().addMembers(group.id(), List.of(c));

        Conversation carols = carol.messages().conversations().get(0);
        Message line = carols.lastMessage();
        assertThat(line.contentType()).isEqualTo("SYSTEM");
        assertThat(line.seq()).isEqualTo(2);
        assertThat(line.senderId()).isEqualTo(a);
        assertThat(line.content()).contains("\"event\":\"MEMBER_JOINED\"").contains(c);
        assertThat(carols.readSeq()).isEqualTo(1);
        assertThat(carols.unreadCount()).isEqualTo(1);
        assertThat(carol.messages()
                        .history(ConversationType.GROUP, group.id(), 0, 0, 0)
                        .items())
                .hasSize(2);
    }

    // --- connections ---

    @Test
    void listenerGetsMessagesFromOthersButNotOwnSends() {
        befriend(alice, bob);
        Recorder alices = new Recorder();
        Recorder bobs = new Recorder();
        ChatConnection connection = alice.connect(alices);
        bob.connect(bobs);

        Message sent = connection.send(ConversationType.PRIVATE, b, "hi").join();

        assertThat(sent.seq()).isEqualTo(1);
        assertThat(bobs.messages).containsExactly(sent);
        assertThat(alices.messages).isEmpty();
    }

    @Test
    void theSendersOtherSessionsGetWhatTheSessionSent() {
        befriend(alice, bob);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        ChatConnection connection = alice.connect(first);
        RelayClient alicesPhone = server.client();
        alicesPhone.login("alice", "password-a", "MOBILE");
        alicesPhone.connect(second);

        Message overSocket =
                connection.send(ConversationType.PRIVATE, b, "from the desktop").join();
        Message overRest = send(alice, ConversationType.PRIVATE, b, "over REST");

        assertThat(second.messages).containsExactly(overSocket, overRest);
        assertThat(first.messages).isEmpty(); // REST calls of a session count as that session's, as on the server
    }

    @Test
    void aRefusedSendFailsItsFutureWithTheServersCode() {
        ChatConnection connection = alice.connect(new Recorder());

        CompletableFuture<Message> refused = connection.send(ConversationType.PRIVATE, b, "hi");

        assertThatThrownBy(refused::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.code()).isEqualTo("NOT_FRIENDS");
                    assertThat(e.status()).isZero();
                });
    }

    @Test
    void readReceiptReachesThePeer() {
        befriend(alice, bob);
        Recorder alices = new Recorder();
        Recorder bobsPhone = new Recorder();
        alice.connect(alices);
        ChatConnection bobs = bob.connect(new Recorder());
        RelayClient phone = server.client();
        phone.login("bob", "password-b", "MOBILE");
        phone.connect(bobsPhone);
        String conversation = send(alice, ConversationType.PRIVATE, b, "1").conversationId();
        send(alice, ConversationType.PRIVATE, b, "2");

        bobs.read(conversation, 2);
        bobs.read(conversation, 1); // does not move: no receipt

        String receipt = "read " + conversation + " " + b + " 2";
        assertThat(alices.events).containsOnlyOnce(receipt);
        assertThat(bobsPhone.events).containsOnlyOnce(receipt);
        assertThat(alices.events).filteredOn(event -> event.startsWith("read")).hasSize(1);
    }

    @Test
    void inAGroupOnlyMyOtherSessionsGetMyReadReceipts() {
        Group group = alice.groups().create("Team", null, List.of(b));
        Recorder alices = new Recorder();
        Recorder bobsPhone = new Recorder();
        alice.connect(alices);
        RelayClient phone = server.client();
        phone.login("bob", "password-b", "MOBILE");
        phone.connect(bobsPhone);
        send(alice, ConversationType.GROUP, group.id(), "1");

        bob.messages().markRead("g:" + group.id(), 1);

        assertThat(alices.events).noneMatch(event -> event.startsWith("read"));
        assertThat(bobsPhone.events).contains("read g:" + group.id() + " " + b + " 1");
    }

    @Test
    void typingReachesTheOtherMembersOnly() {
        Group group = alice.groups().create("Team", null, List.of(b));
        Recorder alices = new Recorder();
        Recorder bobs = new Recorder();
        Recorder carols = new Recorder();
        ChatConnection connection = alice.connect(alices);
        bob.connect(bobs);
        carol.connect(carols);

        connection.typing("g:" + group.id());
        connection.typing(ConversationType.PRIVATE.conversationId(a, c)); // not friends: dropped

        assertThat(bobs.events).containsExactly("state CONNECTED", "typing g:" + group.id() + " " + a);
        assertThat(alices.events).containsExactly("state CONNECTED");
        assertThat(carols.events).containsExactly("state CONNECTED");
    }

    @Test
    void friendsAreToldWhenSomeoneComesOnlineAndGoesOffline() {
        befriend(alice, bob);
        befriend(alice, carol);
        Recorder alices = new Recorder();
        Recorder bobs = new Recorder();
        alice.connect(alices);
        carol.friends().block(a);

        ChatConnection connection = bob.connect(bobs);
        carol.connect(new Recorder());
        connection.close();

        assertThat(bobs.events)
                .containsExactly("state CONNECTED", "presence " + a + " true", "state CLOSED", "closed CLOSED");
        assertThat(alices.events)
                .containsExactly("state CONNECTED", "presence " + b + " true", "presence " + b + " false");
        assertThat(alice.friends().list()).extracting(Friend::online).containsExactly(false, false);
    }

    @Test
    void friendRequestsAndAnswersArriveAsNotifications() {
        Recorder alices = new Recorder();
        Recorder bobs = new Recorder();
        alice.connect(alices);
        bob.connect(bobs);

        FriendRequest request = alice.friends().request(b, "hi");
        bob.friends().accept(request.id());

        assertThat(bobs.notifications)
                .containsExactly(Map.entry(
                        "FRIEND_REQUEST",
                        Map.of(
                                "request",
                                Map.of(
                                        "id",
                                        request.id(),
                                        "fromUserId",
                                        a,
                                        "toUserId",
                                        b,
                                        "message",
                                        "hi",
                                        "status",
                                        "PENDING",
                                        "createdAt",
                                        "2026-11-26T10:00:00.120Z"))));
        assertThat(alices.notifications).containsExactly(Map.entry("FRIEND_ACCEPTED", Map.of("userId", b)));
    }

    @Test
    void groupChangesArriveAsNotifications() {
        Recorder alices = new Recorder();
        Recorder bobs = new Recorder();
        alice.connect(alices);
        bob.connect(bobs);

        Group group = alice.groups().create("Team", null, List.of(b));
        alice.groups().setRole(group.id(), b, "ADMIN");
        bob.groups().removeMember(group.id(), b);

        assertThat(bobs.notifications)
                .extracting(Map.Entry::getKey)
                .containsExactly("GROUP_INVITED", "GROUP_ROLE_CHANGED", "GROUP_MEMBER_LEFT");
        assertThat(bobs.notifications.get(0).getValue().get("group"))
                .asInstanceOf(MAP)
                .containsEntry("id", group.id())
                .containsEntry("name", "Team")
                .containsEntry("ownerId", a)
                .containsEntry("memberCount", 2);
        assertThat(bobs.notifications.get(1).getValue())
                .isEqualTo(Map.of("groupId", group.id(), "userId", b, "role", "ADMIN"));
        assertThat(alices.notifications)
                .extracting(Map.Entry::getKey)
                .containsExactly("GROUP_ROLE_CHANGED", "GROUP_MEMBER_LEFT"); // the creator is not invited
        assertThat(alices.messages).extracting(Message::contentType).containsExactly("SYSTEM");
    }

    @Test
    void recallOverTheConnectionReachesTheOtherMembers() {
        Group group = alice.groups().create("Team", null, List.of(b, c));
        Recorder carols = new Recorder();
        ChatConnection connection = bob.connect(new Recorder());
        carol.connect(carols);
        Message sent =
                connection.send(ConversationType.GROUP, group.id(), "oops").join();

        Message recalled = connection.recall(sent.messageId()).join();

        assertThat(recalled.recalled()).isTrue();
        assertThat(carols.events).endsWith("message 1", "recalled " + sent.messageId() + " by " + b);
    }

    @Test
    void aConnectionIsConnectedUntilClosedAndRepairsNothing() {
        Recorder listener = new Recorder();
        ChatConnection connection = alice.connect(listener);

        assertThat(connection.state()).isEqualTo(ChatConnection.State.CONNECTED);
        assertThat(connection.stats()).isEqualTo(new ChatConnection.Stats(0, 0, 0, 0));
        connection.close();
        connection.close();

        assertThat(connection.state()).isEqualTo(ChatConnection.State.CLOSED);
        assertThat(listener.events).containsExactly("state CONNECTED", "state CLOSED", "closed CLOSED");
        assertThatThrownBy(
                        () -> connection.send(ConversationType.PRIVATE, b, "hi").join())
                .cause()
                .isInstanceOfSatisfying(
                        RelayException.class, e -> assertThat(e.code()).isEqualTo("CLOSED"));
    }

    @Test
    void aSecondConnectionOfOneSessionKicksTheFirst() {
        befriend(alice, bob);
        Recorder first = new Recorder();
        Recorder bobs = new Recorder();
        bob.connect(bobs);
        ChatConnection older = alice.connect(first);

        ChatConnection newer = alice.connect(new Recorder());

        assertThat(older.state()).isEqualTo(ChatConnection.State.CLOSED);
        assertThat(newer.state()).isEqualTo(ChatConnection.State.CONNECTED);
        assertThat(first.events).endsWith("state CLOSED", "closed KICKED");
        assertThat(bobs.events).doesNotContain("presence " + a + " false");
    }

    @Test
    void aListenerMayCallTheClientBack() {
        befriend(alice, bob);
        Recorder alices = new Recorder();
        alice.connect(alices);
        bob.connect(new ChatListener() {
            @Override
            public void onMessage(Message message) {
                bob.messages().markRead(message.conversationId(), message.seq());
            }
        });

        Message sent = send(alice, ConversationType.PRIVATE, b, "read me");

        assertThat(alices.events).contains("read " + sent.conversationId() + " " + b + " 1");
        assertThat(bob.messages().unread().total()).isZero();
    }

    @Test
    void clientsMayBeUsedFromSeveralThreads() throws Exception {
        befriend(alice, bob);
        List<Long> received = Collections.synchronizedList(new ArrayList<>());
        bob.connect(new ChatListener() {
            @Override
            public void onMessage(Message message) {
                received.add(message.seq());
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                sends.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        send(alice, ConversationType.PRIVATE, b, "m");
                    }
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            threads.shutdownNow();
        }

        List<Long> expected = LongStream.rangeClosed(1, 200).boxed().toList();
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(bob.messages().conversations().get(0).maxSeq()).isEqualTo(200);
    }

    // --- helpers ---

    private static void befriend(RelayClient asker, RelayClient answerer) {
        answerer.friends()
                .accept(asker.friends().request(answerer.userId(), null).id());
    }

    private static Message send(RelayClient from, ConversationType type, String to, String text) {
        return from.messages().send(type, to, ClientMsgIds.next(), "TEXT", text);
    }

    private static void assertRefused(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RelayException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    /** Records what a connection reports, as short lines (messages by seq) and notifications with their data. */
    private static final class Recorder implements ChatListener {
        final List<String> events = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();
        final List<Map.Entry<String, Map<String, Object>>> notifications = new ArrayList<>();

        @Override
        public void onMessage(Message message) {
            messages.add(message);
            events.add("message " + message.seq());
        }

        @Override
        public void onRecalled(String conversationId, String messageId, String by) {
            events.add("recalled " + messageId + " by " + by);
        }

        @Override
        public void onRead(String conversationId, String userId, long seq) {
            events.add("read " + conversationId + " " + userId + " " + seq);
        }

        @Override
        public void onTyping(String conversationId, String userId) {
            events.add("typing " + conversationId + " " + userId);
        }

        @Override
        public void onPresence(String userId, boolean online) {
            events.add("presence " + userId + " " + online);
        }

        @Override
        public void onNotification(String event, Map<String, Object> data) {
            notifications.add(Map.entry(event, data));
        }

        @Override
        public void onStateChanged(ChatConnection.State state) {
            events.add("state " + state);
        }

        @Override
        public void onClosed(String code, String reason) {
            events.add("closed " + code);
        }
    }

    /** A clock that moves only when told, so that timestamps and the recall window are predictable. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-26T10:00:00.120Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
