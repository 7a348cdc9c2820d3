package im.relay.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every typed call of {@link RelayClient} against the real system: each reaches its endpoint, reads its answer and
 * turns a refusal into {@link RelayException} with the server's status and code. The rules themselves are the
 * services' to test; this checks the SDK's side of each call. (It replaces the tests of the in-memory fake server,
 * which checked a copy of those rules.)
 */
class RelayClientIT extends SystemTestBase {

    @Test
    void accountsAndProfiles() {
        String username = username("dora");
        try (HttpRelayClient dora = builder(gateway).build();
                HttpRelayClient again = builder(gateway).build();
                HttpRelayClient other = registered("other")) {
            User registered = dora.register(username, "password-dora", "Dora");
            assertThat(registered.nickname()).isEqualTo("Dora");
            assertThat(dora.userId())
                    .isEqualTo(registered.id())
                    .isEqualTo(dora.tokens().userId());
            assertRefused(() -> again.register(username.toUpperCase(), "password-x", null), 409, "USERNAME_TAKEN");

            assertThat(dora.users().updateMe("D.", null, "dora@example.com").nickname())
                    .isEqualTo("D.");
            assertThat(dora.users().me().email()).isEqualTo("dora@example.com");
            assertThat(other.users().get(registered.id()).email()).isNull(); // shown to its owner only
            assertThat(other.users().byUsername(username.toUpperCase()).id()).isEqualTo(registered.id());
            assertThat(other.users().search(username, 10, 0).items())
                    .extracting(User::id)
                    .containsExactly(registered.id());
            assertRefused(() -> other.users().byUsername(username("nobody")), 404, "NOT_FOUND");

            dora.users().changePassword("password-dora", "password-new");
            assertRefused(() -> again.login(username, "password-dora"), 401, "INVALID_CREDENTIALS");
            assertThat(again.login(username, "password-new", "MOBILE").id()).isEqualTo(registered.id());
        }
    }

    @Test
    void deleteAccountNeedsThePasswordAndLeavesADeletedUserBehind() {
        try (HttpRelayClient fay = registered("fay");
                HttpRelayClient other = registered("gus");
                HttpRelayClient again = builder(gateway).build()) {
            String id = fay.userId();
            assertRefused(() -> fay.users().deleteAccount("wrong-password"), 401, "INVALID_CREDENTIALS");
            assertThat(fay.users().me().id()).isEqualTo(id);

            fay.users().deleteAccount("password-fay");

            assertThatThrownBy(() -> fay.users().me())
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.status()).isEqualTo(401));
            User placeholder = other.users().get(id);
            assertThat(placeholder.isDeleted()).isTrue();
            assertThat(placeholder.displayName()).isEqualTo("Deleted user");
            assertThat(other.users().me().isDeleted()).isFalse();
        }
    }

    @Test
    void logoutEndsTheSessionAndResumeTakesKeptTokens() {
        try (HttpRelayClient erin = registered("erin");
                HttpRelayClient resumed = builder(gateway).build()) {
            resumed.resume(erin.tokens());
            assertThat(resumed.users().me().id()).isEqualTo(erin.userId());

            erin.logout();

            assertThatThrownBy(erin::userId).isInstanceOf(RelayException.class);
            assertThatThrownBy(() -> resumed.users().me())
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void friendRequestsFriendsAndBlocks() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient bob = registered("bob")) {
            FriendRequest asked = alice.friends().request(bob.userId(), "hi");
            assertThat(asked.status()).isEqualTo("PENDING");
            assertThat(alice.friends().outgoing()).extracting(FriendRequest::id).containsExactly(asked.id());
            assertThat(bob.friends().incoming())
                    .extracting(FriendRequest::message)
                    .containsExactly("hi");
            bob.friends().reject(asked.id());
            assertThat(bob.friends().incoming()).isEmpty();

            bob.friends().accept(alice.friends().request(bob.userId(), null).id());
            alice.friends().setRemark(bob.userId(), "Bobby");
            assertThat(alice.friends().list())
                    .extracting(Friend::userId, Friend::remark)
                    .containsExactly(org.assertj.core.api.Assertions.tuple(bob.userId(), "Bobby"));
            assertRefused(() -> alice.friends().request(bob.userId(), null), 409, "ALREADY_FRIENDS");

            alice.friends().remove(bob.userId());
            assertThat(bob.friends().list()).isEmpty();
            alice.friends().block(bob.userId());
            assertThat(alice.friends().blocked()).extracting(User::id).containsExactly(bob.userId());
            assertRefused(() -> bob.friends().request(alice.userId(), null), 403, "BLOCKED");
            alice.friends().unblock(bob.userId());
            assertThat(alice.friends().blocked()).isEmpty();
        }
    }

    @Test
    void groupsAndTheirMembers() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient bob = registered("bob");
                HttpRelayClient carol = registered("carol")) {
            Group group = alice.groups().create("walk", "Sunday walks", List.of(bob.userId()));
            assertThat(group.role()).isEqualTo("OWNER");
            assertThat(bob.groups().mine()).extracting(Group::id).containsExactly(group.id());
            assertThat(bob.groups().get(group.id()).role()).isEqualTo("MEMBER");
            assertRefused(() -> carol.groups().get(group.id()), 403, "NOT_GROUP_MEMBER");

            assertThat(alice.groups().update(group.id(), "hike", null, true).name())
                    .isEqualTo("hike");
            assertThat(alice.groups().addMembers(group.id(), List.of(carol.userId())))
                    .extracting(Member::userId)
                    .containsExactly(carol.userId());
            assertThat(alice.groups().setRole(group.id(), bob.userId(), "ADMIN").role())
                    .isEqualTo("ADMIN");
            Instant until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            assertThat(bob.groups().mute(group.id(), carol.userId(), until).mutedUntil())
                    .isEqualTo(until);
            assertThat(bob.groups().mute(group.id(), carol.userId(), null).mutedUntil())
                    .isNull();
            bob.groups().removeMember(group.id(), carol.userId());
            assertThat(alice.groups().members(group.id()))
                    .extracting(Member::userId)
                    .containsExactlyInAnyOrder(alice.userId(), bob.userId());

            alice.groups().transferOwnership(group.id(), bob.userId());
            assertThat(alice.groups().get(group.id()).ownerId()).isEqualTo(bob.userId());
            bob.groups().dismiss(group.id());
            assertThat(alice.groups().mine()).isEmpty();
        }
    }

    @Test
    void messagesOverRest() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient bob = registered("bob")) {
            befriend(alice, bob);
            String clientMsgId = ClientMsgIds.next();
            Message first = alice.messages().send(ConversationType.PRIVATE, bob.userId(), clientMsgId, "TEXT", "1");
            assertThat(alice.messages().send(ConversationType.PRIVATE, bob.userId(), clientMsgId, "TEXT", "1"))
                    .isEqualTo(first); // the same clientMsgId: stored once
            for (int i = 2; i <= 4; i++) {
                alice.messages().send(ConversationType.PRIVATE, bob.userId(), ClientMsgIds.next(), "TEXT", "" + i);
            }
            assertRefused(
                    () -> alice.messages()
                            .send(ConversationType.PRIVATE, bob.userId(), ClientMsgIds.next(), "TEXT", ""),
                    400,
                    "VALIDATION_FAILED");

            Page<Message> newest = bob.messages().history(ConversationType.PRIVATE, alice.userId(), 0, 0, 2);
            assertThat(newest.items()).extracting(Message::seq).containsExactly(4L, 3L);
            assertThat(newest.hasMore()).isTrue();
            assertThat(bob.messages()
                            .history(ConversationType.PRIVATE, alice.userId(), 0, 2, 50)
                            .items())
                    .extracting(Message::seq)
                    .containsExactly(3L, 4L);
            Conversation chat = bob.messages().conversations().getFirst();
            assertThat(chat.conversationId()).isEqualTo(first.conversationId());
            assertThat(chat.unreadCount()).isEqualTo(4);

            bob.messages().markRead(first.conversationId(), 3);
            assertThat(bob.messages().unread()).isEqualTo(new Unread(1, Map.of(first.conversationId(), 1L)));
            Message edited = alice.messages().edit(chat.lastMessage().messageId(), "four, edited");
            assertThat(edited.seq()).isEqualTo(4);
            assertThat(edited.editVersion()).isEqualTo(1);
            assertThat(bob.messages().react(edited.messageId(), "\uD83D\uDC4D").reactions())
                    .containsExactly(new Message.Reaction("\uD83D\uDC4D", List.of(bob.userId())));
            assertThat(bob.messages()
                            .unreact(edited.messageId(), "\uD83D\uDC4D")
                            .reactions())
                    .isEmpty();
            assertRefused(() -> bob.messages().edit(edited.messageId(), "mine"), 403, "FORBIDDEN");
            assertRefused(() -> bob.messages().react(edited.messageId(), "like"), 400, "VALIDATION_FAILED");
            assertThat(alice.messages().recall(first.messageId()).recalled()).isTrue();
            bob.messages().deleteForMe(first.messageId());
            assertThat(bob.messages()
                            .history(ConversationType.PRIVATE, alice.userId(), 0, 0, 50)
                            .items())
                    .extracting(Message::seq)
                    .containsExactly(4L, 3L, 2L);
        }
    }

    @Test
    void repliesQuoteAndMentionsCountUntilRead() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient bob = registered("bob")) {
            Group group = alice.groups().create("lunch", null, List.of(bob.userId()));
            Message question = alice.messages()
                    .send(ConversationType.GROUP, group.id(), ClientMsgIds.next(), "TEXT", "lunch at noon?");
            ChatConnection bobs = bob.connect(new ChatListener() {});
            await().until(() -> bobs.state() == ChatConnection.State.CONNECTED);

            Message reply = bobs.send(
                            ConversationType.GROUP,
                            group.id(),
                            ClientMsgIds.next(),
                            "TEXT",
                            "yes",
                            References.replyTo(question.messageId()).mentioning(alice.userId()))
                    .join();
            assertThat(reply.replyTo())
                    .isEqualTo(
                            new Message.ReplyTo(question.messageId(), alice.userId(), "TEXT", "lunch at noon?", false));
            assertThat(reply.mentions(alice.userId())).isTrue();
            assertThat(alice.messages().unread().mentioned()).isEqualTo(Map.of(question.conversationId(), 1L));

            Message toAll = alice.messages()
                    .send(
                            ConversationType.GROUP,
                            group.id(),
                            ClientMsgIds.next(),
                            "TEXT",
                            "see you",
                            References.NONE.mentioning(References.ALL));
            assertThat(toAll.mentions(bob.userId())).isTrue();
            assertThat(bob.messages().conversations().getFirst().mentionedCount())
                    .isEqualTo(1);
            assertRefused(
                    () -> bob.messages()
                            .send(
                                    ConversationType.GROUP,
                                    group.id(),
                                    ClientMsgIds.next(),
                                    "TEXT",
                                    "all of you",
                                    References.NONE.mentioning(References.ALL)),
                    403,
                    "FORBIDDEN");
            bob.messages().markRead(toAll.conversationId(), toAll.seq());
            assertThat(bob.messages().conversations().getFirst().mentionedCount())
                    .isZero();
            bobs.close();
        }
    }

    @Test
    void filesGoUpIntoMessagesAndComeBackDown(@TempDir Path dir) throws IOException {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient bob = registered("bob")) {
            befriend(alice, bob);
            Path notes = Files.writeString(dir.resolve("my notes.txt"), "remember the milk\n");

            MediaFile upload = alice.media().upload(notes);
            assertThat(upload.name()).isEqualTo("my notes.txt");
            assertThat(upload.mimeType()).isEqualTo("text/plain");
            assertThat(upload.size()).isEqualTo(Files.size(notes));
            assertThat(upload.contentType()).isEqualTo("FILE");
            Message sent = alice.messages()
                    .send(
                            ConversationType.PRIVATE,
                            bob.userId(),
                            ClientMsgIds.next(),
                            upload.contentType(),
                            upload.mediaId());
            assertThat(sent.content()).contains("\"id\":\"" + upload.mediaId() + "\"");

            Path received = dir.resolve("received.txt");
            bob.media().download(upload.mediaId(), received);
            assertThat(received).hasSameBinaryContentAs(notes);

            Group group = bob.groups().create("notes", "", List.of(alice.userId()));
            String groupUpload = bob.media().upload(received).mediaId();
            Message inGroup =
                    bob.messages().send(ConversationType.GROUP, group.id(), ClientMsgIds.next(), "FILE", groupUpload);
            assertThat(inGroup.content()).contains("\"id\":\"" + groupUpload + "\"");
            alice.media().download(groupUpload, dir.resolve("from the group.txt"));
            assertThat(dir.resolve("from the group.txt")).hasSameBinaryContentAs(notes);
            assertRefused(
                    () -> bob.media().downloadThumbnail(upload.mediaId(), dir.resolve("none.png")), 404, "NOT_FOUND");
            assertThat(dir.resolve("none.png")).doesNotExist();
            Path executable = Files.write(dir.resolve("run.png"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
            assertRefused(() -> alice.media().upload(executable), 415, "UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void aSessionsOwnSendsReachItsOtherSessionsButNotItself() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient alicesPhone =
                        builder(gateway).chat(FAST.withPlatform("MOBILE")).build();
                HttpRelayClient bob = registered("bob")) {
            alicesPhone.login(alice.users().me().username(), "password-alice", "MOBILE");
            befriend(alice, bob);
            List<Message> desktop = new CopyOnWriteArrayList<>();
            List<Message> phone = new CopyOnWriteArrayList<>();
            ChatConnection alices = alice.connect(new ChatListener() {
                @Override
                public void onMessage(Message message) {
                    desktop.add(message);
                }
            });
            ChatConnection phones = alicesPhone.connect(new ChatListener() {
                @Override
                public void onMessage(Message message) {
                    phone.add(message);
                }
            });
            await().until(() -> alices.state() == ChatConnection.State.CONNECTED
                    && phones.state() == ChatConnection.State.CONNECTED);

            Message sent = alices.send(ConversationType.PRIVATE, bob.userId(), "from the desktop")
                    .join();

            await().until(() -> phone.equals(List.of(sent)));
            await().during(Duration.ofMillis(300)).until(desktop::isEmpty);
        }
    }

    @Test
    void notificationsReachTheListenerAndALoginOnTheSamePlatformKicksTheConnection() {
        try (HttpRelayClient alice = registered("alice");
                HttpRelayClient bob = registered("bob");
                HttpRelayClient bobElsewhere = builder(gateway).build()) {
            List<String> bobHeard = new CopyOnWriteArrayList<>();
            ChatConnection bobs = bob.connect(new ChatListener() {
                @Override
                public void onNotification(String event, Map<String, Object> data) {
                    bobHeard.add(event + " " + data.keySet());
                }

                @Override
                public void onClosed(String code, String reason) {
                    bobHeard.add("closed " + code);
                }
            });
            await().until(() -> bobs.state() == ChatConnection.State.CONNECTED);

            alice.friends().request(bob.userId(), "hi");
            await().until(() -> bobHeard.contains("FRIEND_REQUEST [request]"));

            // registration signed bob in on WEB: a new WEB login replaces that session
            bobElsewhere.login(bob.users().me().username(), "password-bob", "WEB");
            await().until(() -> bobHeard.contains("closed KICKED"));
            assertThat(bobs.state()).isEqualTo(ChatConnection.State.CLOSED);
            assertThatThrownBy(() -> bobs.send(ConversationType.PRIVATE, alice.userId(), "hi")
                            .join())
                    .cause()
                    .isInstanceOfSatisfying(
                            RelayException.class, e -> assertThat(e.code()).isEqualTo("CLOSED"));
        }
    }

    private static void assertRefused(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RelayException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }
}
