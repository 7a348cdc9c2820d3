package im.relay.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The open fake connections of a {@link FakeRelayServer}, by session as on the real gateway: one connection per
 * session (a newer one kicks the older), presence, and the pushes that reach them.
 */
final class FakeSessions {

    private final FakeRelayServer server;
    private final Map<String, FakeChatConnection> bySession = new LinkedHashMap<>();

    FakeSessions(FakeRelayServer server) {
        this.server = server;
    }

    FakeChatConnection connect(FakeAccounts.Session session, ChatListener listener) {
        String userId = session.userId();
        boolean cameOnline = !online(userId);
        FakeChatConnection connection = new FakeChatConnection(server, session, listener);
        FakeChatConnection older = bySession.put(session.sessionId(), connection);
        connection.opened();
        if (older != null) {
            older.ended("KICKED", "LOGGED_IN_ELSEWHERE");
        }
        Set<String> audience = server.friends.presenceAudience(userId);
        if (cameOnline) {
            push(audience, null, each -> each.onPresence(userId, true));
        }
        for (String friend : audience) {
            if (online(friend)) {
                connection.deliver(each -> each.onPresence(friend, true));
            }
        }
        return connection;
    }

    /** Ends a connection for good; its user goes offline for their friends when it was the last one. */
    void close(FakeChatConnection connection, String code, String reason) {
        if (!connection.ended(code, reason)) {
            return;
        }
        bySession.remove(connection.session().sessionId(), connection);
        String userId = connection.session().userId();
        if (!online(userId)) {
            push(server.friends.presenceAudience(userId), null, listener -> listener.onPresence(userId, false));
        }
    }

    /** Logout: the session's connection ends with REVOKED. */
    void revoked(FakeAccounts.Session session) {
        FakeChatConnection connection = bySession.get(session.sessionId());
        if (connection != null) {
            close(connection, "REVOKED", "the session was ended");
        }
    }

    boolean online(String userId) {
        return bySession.values().stream()
                .anyMatch(connection -> connection.session().userId().equals(userId));
    }

    /** A listener call for every open connection of {@code userIds}, except that of session {@code except}. */
    void push(Collection<String> userIds, String except, Consumer<ChatListener> event) {
        for (FakeChatConnection connection : List.copyOf(bySession.values())) {
            FakeAccounts.Session session = connection.session();
            if (userIds.contains(session.userId()) && !session.sessionId().equals(except)) {
                connection.deliver(event);
            }
        }
    }

    /** A notification (API.md, "Notification data"); each listener gets its own copy of the data, as from JSON. */
    void notify(Collection<String> userIds, String event, Map<String, Object> data) {
        push(userIds, null, listener -> listener.onNotification(event, copy(data)));
    }

    /** Typing goes to the other members, following the messaging rules; refused typing is dropped. */
    void typing(FakeAccounts.Session me, String conversationId) {
        String userId = me.userId();
        Set<String> others;
        if (conversationId != null && conversationId.startsWith("p:")) {
            List<String> members = FakeConversations.privateMembers(conversationId);
            if (!members.contains(userId)) {
                return;
            }
            String peer = members.get(0).equals(userId) ? members.get(1) : members.get(0);
            server.friends.requireMessaging(userId, peer);
            others = Set.of(peer);
        } else {
            server.messages.authorizeConversation(userId, conversationId);
            others = new LinkedHashSet<>(server.messages.recipients(conversationId));
            others.remove(userId);
        }
        push(others, null, listener -> listener.onTyping(conversationId, userId));
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put((String) key, copy(item)));
            return (T) copy;
        }
        if (value instanceof Collection<?> items) {
            List<Object> copy = new ArrayList<>();
            items.forEach(item -> copy.add(copy(item)));
            return (T) copy;
        }
        return value;
    }
}
