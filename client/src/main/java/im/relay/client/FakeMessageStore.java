package im.relay.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messages, seqs and read cursors of a {@link FakeRelayServer}, with the message servers' rules. Pushes go to every
 * open connection of the recipients except the one of the session that acted, as on the real gateway.
 */
final class FakeMessageStore {

    static final Duration RECALL_WINDOW = Duration.ofSeconds(120);

    private static final class Stored {
        Message message;
        final Set<String> hiddenFor = new HashSet<>();

        Stored(Message message) {
            this.message = message;
        }
    }

    private static final class Conv {
        final String id;
        final List<Stored> messages = new ArrayList<>(); // index seq - 1
        final Map<String, Long> cursors = new HashMap<>();
        long touched; // orders the list: most recent first, deterministic under a fixed clock

        Conv(String id) {
            this.id = id;
        }
    }

    /** Where a send goes: the conversation and everyone it reaches. */
    private record Destination(
            String conversationId, ConversationType type, String receiverId, String groupId, Set<String> recipients) {}

    private final FakeRelayServer server;
    private final Map<String, Conv> conversations = new HashMap<>();
    private final Map<String, Stored> byId = new HashMap<>();
    private final Map<String, Stored> byClientMsgId = new HashMap<>(); // sender + "\n" + clientMsgId
    private long touches;

    FakeMessageStore(FakeRelayServer server) {
        this.server = server;
    }

    /** Stores a message once; a repeated clientMsgId of the same sender answers the original, wherever it went. */
    Message send(
            FakeAccounts.Session me,
            ConversationType type,
            String to,
            String clientMsgId,
            String contentType,
            String content) {
        FakeConversations.validate(clientMsgId, contentType, content);
        if (type == null) {
            throw FakeRelayServer.invalid("conversationType must be PRIVATE or GROUP");
        }
        Destination destination = authorizeSend(me.userId(), type, to);
        Stored earlier = byClientMsgId.get(me.userId() + "\n" + clientMsgId);
        if (earlier != null) {
            return earlier.message;
        }
        Stored stored = store(destination, me.userId(), clientMsgId, contentType, content);
        Message message = stored.message;
        server.sessions.push(destination.recipients(), me.sessionId(), listener -> listener.onMessage(message));
        return message;
    }

    /** A server-made SYSTEM line in a group's stream, to {@code told}; answers its seq. */
    long systemLine(String groupId, String actor, Collection<String> told, Map<String, Object> content) {
        Destination destination =
                new Destination("g:" + groupId, ConversationType.GROUP, null, groupId, new LinkedHashSet<>(told));
        Stored stored = store(
                destination, actor, "sys:" + FakeRelayServer.newId(), "SYSTEM", Http.JSON.writeValueAsString(content));
        server.sessions.push(destination.recipients(), null, listener -> listener.onMessage(stored.message));
        return stored.message.seq();
    }

    /** Puts the users' cursors at {@code seq} unless they are past it. */
    void startAt(String conversationId, Collection<String> users, long seq) {
        Conv conv = conversations.get(conversationId);
        if (conv != null) {
            users.forEach(user -> conv.cursors.merge(user, seq, Math::max));
        }
    }

    private Stored store(Destination to, String sender, String clientMsgId, String contentType, String content) {
        Conv conv = conversations.computeIfAbsent(to.conversationId(), Conv::new);
        Message message = new Message(
                FakeRelayServer.newId(),
                conv.id,
                to.type(),
                sender,
                to.receiverId(),
                to.groupId(),
                conv.messages.size() + 1L,
                clientMsgId,
                contentType,
                content,
                server.now(),
                false);
        Stored stored = new Stored(message);
        conv.messages.add(stored);
        conv.touched = ++touches;
        byId.put(message.messageId(), stored);
        byClientMsgId.put(sender + "\n" + clientMsgId, stored);
        conv.cursors.put(sender, message.seq()); // sending moves the sender's cursor
        if (to.receiverId() != null) {
            conv.cursors.putIfAbsent(to.receiverId(), 0L);
        }
        return stored;
    }

    /** Newest first before {@code before}, or oldest first after {@code after}; 0 leaves a bound unset. */
    Page<Message> history(String me, ConversationType type, String to, long before, long after, int limit) {
        String conversationId = authorizeRead(me, type, to);
        int size = limit <= 0 ? 50 : Math.min(limit, 200);
        long upper = before > 0 ? before : Long.MAX_VALUE;
        List<Message> found = new ArrayList<>();
        List<Stored> all = messagesOf(conversationId);
        if (after > 0) {
            for (int i = 0; i < all.size() && found.size() <= size; i++) {
                addVisible(found, all.get(i), me, after, upper);
            }
        } else {
            for (int i = all.size() - 1; i >= 0 && found.size() <= size; i--) {
                addVisible(found, all.get(i), me, 0, upper);
            }
        }
        boolean hasMore = found.size() > size;
        return new Page<>(List.copyOf(hasMore ? found.subList(0, size) : found), hasMore, -1);
    }

    private static void addVisible(List<Message> found, Stored stored, String me, long after, long before) {
        long seq = stored.message.seq();
        if (seq > after && seq < before && !stored.hiddenFor.contains(me)) {
            found.add(stored.message);
        }
    }

    /** Private conversations from their first message, groups from joining; most recent first, empty ones last. */
    List<Conversation> conversations(String me) {
        List<Conv> mine = new ArrayList<>();
        for (Conv conv : conversations.values()) {
            if (conv.id.startsWith("p:")
                    && FakeConversations.privateMembers(conv.id).contains(me)) {
                mine.add(conv);
            }
        }
        for (Group group : server.groups.mine(me)) {
            mine.add(conversations.getOrDefault("g:" + group.id(), new Conv("g:" + group.id())));
        }
        mine.sort(Comparator.comparingLong((Conv conv) -> conv.touched).reversed());
        List<Conversation> list = new ArrayList<>();
        for (Conv conv : mine) {
            Message last = null;
            for (int i = conv.messages.size() - 1; i >= 0 && last == null; i--) {
                Stored stored = conv.messages.get(i);
                last = stored.hiddenFor.contains(me) ? null : stored.message;
            }
            long maxSeq = conv.messages.size();
            long readSeq = Math.min(conv.cursors.getOrDefault(me, 0L), maxSeq);
            list.add(FakeConversations.view(server, me, conv.id, last, maxSeq, readSeq));
        }
        return list;
    }

    /** Moves the cursor forward only, clamped to maxSeq; when it moved, a read receipt goes out. */
    void markRead(FakeAccounts.Session me, String conversationId, long seq) {
        authorizeConversation(me.userId(), conversationId);
        Conv conv = conversations.get(conversationId);
        if (conv == null) {
            return; // no messages yet: nothing to read
        }
        long before = conv.cursors.getOrDefault(me.userId(), 0L);
        long after = Math.max(before, Math.min(Math.max(seq, 0), conv.messages.size()));
        if (after <= before) {
            return;
        }
        conv.cursors.put(me.userId(), after);
        Set<String> told = conversationId.startsWith("p:")
                ? new LinkedHashSet<>(FakeConversations.privateMembers(conversationId))
                : Set.of(me.userId());
        server.sessions.push(told, me.sessionId(), listener -> listener.onRead(conversationId, me.userId(), after));
    }

    Unread unread(String me) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (Conversation conversation : conversations(me)) {
            if (conversation.unreadCount() > 0) {
                counts.put(conversation.conversationId(), conversation.unreadCount());
                total += conversation.unreadCount();
            }
        }
        return new Unread(total, counts);
    }

    /** The sender within the window, or a group owner or admin at any time; recalling twice answers the same. */
    Message recall(FakeAccounts.Session me, String messageId) {
        Stored stored = stored(messageId);
        Message message = stored.message;
        authorizeConversation(me.userId(), message.conversationId());
        if (message.recalled()) {
            return message;
        }
        boolean own = message.senderId().equals(me.userId());
        boolean moderator = message.type() == ConversationType.GROUP
                && server.groups
                        .requireMember(me.userId(), message.groupId())
                        .member()
                        .manages();
        if (!own && !moderator) {
            throw FakeRelayServer.forbidden("FORBIDDEN", "only the sender or a group owner or admin may recall it");
        }
        if (own && !moderator && server.now().isAfter(message.sentAt().plus(RECALL_WINDOW))) {
            throw FakeRelayServer.conflict("RECALL_WINDOW_EXPIRED", "messages can be recalled for 120 s after sending");
        }
        stored.message = new Message(
                message.messageId(),
                message.conversationId(),
                message.type(),
                message.senderId(),
                message.receiverId(),
                message.groupId(),
                message.seq(),
                message.clientMsgId(),
                message.contentType(),
                "",
                message.sentAt(),
                true);
        String by = me.userId();
        server.sessions.push(
                recipients(message.conversationId()),
                me.sessionId(),
                listener -> listener.onRecalled(message.conversationId(), messageId, by));
        return stored.message;
    }

    /** Hides a message from the caller's history and sync; seqs and unread counts do not change. */
    void deleteForMe(String me, String messageId) {
        Stored stored = stored(messageId);
        authorizeConversation(me, stored.message.conversationId());
        stored.hiddenFor.add(me);
    }

    /** Who a push about this conversation reaches: both people, or the group's current members. */
    Set<String> recipients(String conversationId) {
        if (conversationId.startsWith("p:")) {
            return new LinkedHashSet<>(FakeConversations.privateMembers(conversationId));
        }
        return new LinkedHashSet<>(
                server.groups.group(conversationId.substring(2)).members.keySet());
    }

    /** Checks that {@code me} may read the conversation: one of its two people, or a current group member. */
    void authorizeConversation(String me, String conversationId) {
        if (conversationId != null && conversationId.startsWith("g:")) {
            server.groups.requireMember(me, conversationId.substring(2));
        } else if (conversationId == null
                || !conversationId.startsWith("p:")
                || !FakeConversations.privateMembers(conversationId).contains(me)) {
            throw FakeRelayServer.notFound("conversation " + conversationId);
        }
    }

    private Destination authorizeSend(String me, ConversationType type, String to) {
        if (type == ConversationType.PRIVATE) {
            FakeConversations.requireId(to);
            server.friends.requireMessaging(me, to);
            return new Destination(type.conversationId(me, to), type, to, null, new LinkedHashSet<>(List.of(me, to)));
        }
        server.groups.requireMaySend(me, to);
        return new Destination(type.conversationId(me, to), type, null, to, recipients("g:" + to));
    }

    /** Private history needs only to be one of its two people (it stays readable after unfriending). */
    private String authorizeRead(String me, ConversationType type, String to) {
        if (type == ConversationType.GROUP) {
            server.groups.requireMember(me, to);
        } else {
            FakeConversations.requireId(to);
        }
        return (type == null ? ConversationType.PRIVATE : type).conversationId(me, to);
    }

    private List<Stored> messagesOf(String conversationId) {
        Conv conv = conversations.get(conversationId);
        return conv == null ? List.of() : conv.messages;
    }

    private Stored stored(String messageId) {
        Stored stored = messageId == null ? null : byId.get(messageId);
        if (stored == null) {
            throw FakeRelayServer.notFound("message " + messageId);
        }
        return stored;
    }
}
