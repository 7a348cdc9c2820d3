package im.relay.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link RelayClient} for tests of code that uses the SDK: no network, no threads of its own. Clients of
 * one {@link FakeRelayServer} see each other, so two fake users can befriend each other and chat.
 *
 * <pre>{@code
 * FakeRelayServer server = new FakeRelayServer();
 * RelayClient alice = server.client();
 * RelayClient bob = server.client();
 * alice.register("alice", "password1", null);
 * User b = bob.register("bob", "password2", null);
 * bob.friends().accept(alice.friends().request(b.id(), null).id());
 * List<Message> received = new ArrayList<>();
 * bob.connect(new ChatListener() {
 *     @Override
 *     public void onMessage(Message message) {
 *         received.add(message);
 *     }
 * });
 * alice.connect(new ChatListener() {}).send(ConversationType.PRIVATE, b.id(), "hi").join();
 * // received holds the message now: the fake delivers before the call returns
 * }</pre>
 *
 * <p>It answers as API.md and docs/api-notes.md describe, with the same {@link RelayException} codes and HTTP statuses
 * (status 0 for refusals on a {@link ChatConnection}, as the WebSocket reports them): accounts and search; friend
 * requests, friendships, remarks and blocks; groups with roles, mutes and SYSTEM lines; messages with per-conversation
 * seqs, idempotent clientMsgIds, history paging, the conversation list, read cursors, unread counts, recall (with its
 * 120 s window, by the server's clock) and delete-for-me. A {@link #connect} session gets what the real gateway
 * pushes: messages, recalls, read receipts, typing, presence of friends and notifications; a second connection of
 * one client (one session) kicks the first, as on the real gateway. Listener calls are synchronous: made on the thread
 * of the call that caused them, one at a time and in order, before that call returns (details in {@link
 * FakeRelayServer}). Pushes skip the session that acted, as on the real gateway: to see one's own messages arrive, sign
 * in a second client as the same user (another device).
 *
 * <p>Left out: token expiry and refresh (tokens never expire), rate limits and the 64 KiB frame limit, the
 * one-session-per-platform rule across clients (every client is its own device), media uploads, and failures of the
 * transport (a fake connection never drops, so there is nothing to resend or sync).
 */
public final class FakeRelayClient implements RelayClient {

    private final FakeRelayServer server;
    private final Set<FakeChatConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile Tokens tokens;

    FakeRelayClient(FakeRelayServer server) {
        this.server = server;
    }

    @Override
    public User register(String username, String password, String nickname) {
        return signedIn(server.call(() -> server.accounts.register(username, password, nickname)));
    }

    @Override
    public User login(String username, String password, String platform) {
        return signedIn(server.call(() -> server.accounts.login(username, password, platform)));
    }

    private User signedIn(FakeAccounts.Session session) {
        tokens = session.tokens();
        return users.me();
    }

    /** Works with tokens of a session of the same {@link FakeRelayServer} that has not logged out. */
    @Override
    public void resume(Tokens saved) {
        tokens = saved;
    }

    /** Ends this session: its connection closes with REVOKED and later calls answer 401 UNAUTHORIZED. */
    @Override
    public void logout() {
        if (tokens == null) {
            return;
        }
        server.run(() -> {
            FakeAccounts.Session session = session();
            server.accounts.logout(session);
            server.sessions.revoked(session);
        });
        tokens = null;
    }

    @Override
    public Tokens tokens() {
        return tokens;
    }

    @Override
    public String userId() {
        Tokens current = tokens;
        if (current == null) {
            throw new RelayException(401, "UNAUTHORIZED", "not logged in");
        }
        return current.userId();
    }

    @Override
    public Users users() {
        return users;
    }

    @Override
    public Friends friends() {
        return friends;
    }

    @Override
    public Groups groups() {
        return groups;
    }

    @Override
    public Messages messages() {
        return messages;
    }

    /** Connected when it returns; listener calls come as {@link FakeRelayServer} describes. */
    @Override
    public ChatConnection connect(ChatListener listener) {
        FakeChatConnection connection = server.call(() -> server.sessions.connect(session(), listener));
        connections.add(connection);
        return connection;
    }

    @Override
    public void close() {
        connections.forEach(FakeChatConnection::close);
        connections.clear();
    }

    /** The caller's session (under the server's lock); 401 UNAUTHORIZED without one. */
    private FakeAccounts.Session session() {
        return server.accounts.session(tokens);
    }

    private String me() {
        return session().userId();
    }

    private final Users users = new Users() {
        @Override
        public User me() {
            return server.call(() -> server.accounts.me(FakeRelayClient.this.me()));
        }

        @Override
        public User updateMe(String nickname, String avatarUrl, String email) {
            return server.call(() -> server.accounts.updateMe(FakeRelayClient.this.me(), nickname, avatarUrl, email));
        }

        @Override
        public void changePassword(String currentPassword, String newPassword) {
            server.run(() -> server.accounts.changePassword(FakeRelayClient.this.me(), currentPassword, newPassword));
        }

        @Override
        public User get(String userId) {
            return server.call(() -> {
                session();
                return server.accounts.get(userId);
            });
        }

        @Override
        public User byUsername(String username) {
            return server.call(() -> {
                session();
                return server.accounts.byUsername(username);
            });
        }

        @Override
        public Page<User> search(String query, int limit, int offset) {
            return server.call(() -> {
                session();
                return server.accounts.search(query, limit, offset);
            });
        }
    };

    private final Friends friends = new Friends() {
        @Override
        public FriendRequest request(String userId, String message) {
            return server.call(() -> server.friends.request(me(), userId, message));
        }

        @Override
        public List<FriendRequest> incoming() {
            return server.call(() -> server.friends.pendingRequests(me(), true));
        }

        @Override
        public List<FriendRequest> outgoing() {
            return server.call(() -> server.friends.pendingRequests(me(), false));
        }

        @Override
        public void accept(String requestId) {
            server.run(() -> server.friends.accept(me(), requestId));
        }

        @Override
        public void reject(String requestId) {
            server.run(() -> server.friends.reject(me(), requestId));
        }

        @Override
        public List<Friend> list() {
            return server.call(() -> server.friends.list(me()));
        }

        @Override
        public void setRemark(String userId, String remark) {
            server.run(() -> server.friends.setRemark(me(), userId, remark));
        }

        @Override
        public void remove(String userId) {
            server.run(() -> server.friends.remove(me(), userId));
        }

        @Override
        public List<User> blocked() {
            return server.call(() -> server.friends.blocked(me()));
        }

        @Override
        public void block(String userId) {
            server.run(() -> server.friends.block(me(), userId));
        }

        @Override
        public void unblock(String userId) {
            server.run(() -> server.friends.unblock(me(), userId));
        }
    };

    private final Groups groups = new Groups() {
        @Override
        public Group create(String name, String description, List<String> memberIds) {
            return server.call(() -> server.groups.create(me(), name, description, memberIds));
        }

        @Override
        public List<Group> mine() {
            return server.call(() -> server.groups.mine(me()));
        }

        @Override
        public Group get(String groupId) {
            return server.call(() -> server.groups.get(me(), groupId));
        }

        @Override
        public List<Member> members(String groupId) {
            return server.call(() -> server.groups.members(me(), groupId));
        }

        @Override
        public Group update(String groupId, String name, String description, Boolean mutedAll) {
            return server.call(() -> server.groups.changes().update(me(), groupId, name, description, mutedAll));
        }

        @Override
        public void dismiss(String groupId) {
            server.run(() -> server.groups.changes().dismiss(me(), groupId));
        }

        @Override
        public List<Member> addMembers(String groupId, List<String> userIds) {
            return server.call(() -> server.groups.changes().add(me(), groupId, userIds));
        }

        @Override
        public void removeMember(String groupId, String userId) {
            server.run(() -> server.groups.changes().remove(me(), groupId, userId));
        }

        @Override
        public Member setRole(String groupId, String userId, String role) {
            return server.call(() -> server.groups.changes().setRole(me(), groupId, userId, role));
        }

        @Override
        public Member mute(String groupId, String userId, Instant until) {
            return server.call(() -> server.groups.changes().mute(me(), groupId, userId, until));
        }

        @Override
        public void transferOwnership(String groupId, String userId) {
            server.run(() -> server.groups.changes().transfer(me(), groupId, userId));
        }
    };

    private final Messages messages = new Messages() {
        @Override
        public Message send(ConversationType type, String to, String clientMsgId, String contentType, String content) {
            return server.call(() -> server.messages.send(session(), type, to, clientMsgId, contentType, content));
        }

        @Override
        public Page<Message> history(ConversationType type, String to, long beforeSeq, long afterSeq, int limit) {
            return server.call(() -> server.messages.history(me(), type, to, beforeSeq, afterSeq, limit));
        }

        @Override
        public List<Conversation> conversations() {
            return server.call(() -> server.messages.conversations(me()));
        }

        @Override
        public void markRead(String conversationId, long seq) {
            server.run(() -> server.messages.markRead(session(), conversationId, seq));
        }

        @Override
        public Unread unread() {
            return server.call(() -> server.messages.unread(me()));
        }

        @Override
        public Message recall(String messageId) {
            return server.call(() -> server.messages.recall(session(), messageId));
        }

        @Override
        public void deleteForMe(String messageId) {
            server.run(() -> server.messages.deleteForMe(me(), messageId));
        }
    };
}
