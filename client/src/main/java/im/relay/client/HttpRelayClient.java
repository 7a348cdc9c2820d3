package im.relay.client;

import static im.relay.client.Http.fields;
import static im.relay.client.Http.query;
import static im.relay.client.Http.segment;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** {@link RelayClient} over the API gateway's REST API and WebSocket. */
public final class HttpRelayClient implements RelayClient {

    private final Http http;
    private final ChatOptions chatOptions;
    private final TokenKeeper tokens;
    private final ScheduledExecutorService timer;
    private final Set<WebSocketChatConnection> connections = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final String deviceId;

    private HttpRelayClient(Builder builder) {
        this.clock = builder.clock;
        this.http = new Http(
                builder.baseUrl,
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance on every new connection
                        .connectTimeout(builder.timeout)
                        .build(),
                builder.timeout,
                builder.headers);
        this.chatOptions = builder.chat;
        this.deviceId = builder.deviceId;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("relay-client-tokens").factory());
        this.tokens = new TokenKeeper(http, clock, builder.refreshMargin, timer, builder.onTokens);
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    @Override
    public User register(String username, String password, String nickname) {
        JsonNode answer = http.call(
                "POST",
                "/api/auth/register",
                fields("username", username, "password", password, "nickname", nickname),
                null,
                null);
        return signedIn(answer);
    }

    @Override
    public User login(String username, String password, String platform) {
        JsonNode answer = http.call(
                "POST",
                "/api/auth/login",
                fields("username", username, "password", password, "platform", platform, "deviceId", deviceId),
                null,
                null);
        return signedIn(answer);
    }

    private User signedIn(JsonNode answer) {
        User user = Http.read(answer.path("user"), User.class);
        tokens.set(TokenKeeper.parse(answer, user.id(), clock));
        return user;
    }

    @Override
    public void resume(Tokens saved) {
        tokens.set(saved);
    }

    @Override
    public void logout() {
        Tokens current = tokens.current();
        if (current == null) {
            return;
        }
        call("POST", "/api/auth/logout", fields("refreshToken", current.refreshToken()));
        tokens.clear();
    }

    @Override
    public Tokens tokens() {
        if (tokens.current() != null) {
            tokens.accessToken();
        }
        return tokens.current();
    }

    @Override
    public String userId() {
        Tokens current = tokens.current();
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

    @Override
    public ChatConnection connect(ChatListener listener) {
        WebSocketChatConnection connection =
                new WebSocketChatConnection(this, http, chatOptions, listener, connections::remove);
        connections.add(connection);
        try {
            connection.start();
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public void close() {
        new ArrayList<>(connections).forEach(WebSocketChatConnection::close);
        timer.shutdownNow();
    }

    /** A valid access token (refreshed first when close to expiry). */
    String accessToken() {
        return tokens.accessToken();
    }

    String refreshedAccessToken() {
        return tokens.refreshNow();
    }

    String deviceId() {
        return deviceId;
    }

    JsonNode call(String method, String path, Object body) {
        return http.call(method, path, body, tokens.accessToken(), tokens::refreshNow);
    }

    JsonNode fetch(String path) {
        return call("GET", path, null);
    }

    private static <T> List<T> items(JsonNode answer, Class<T> type) {
        List<T> items = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            items.add(Http.read(item, type));
        }
        return items;
    }

    private final Users users = new Users() {
        @Override
        public User me() {
            return Http.read(fetch("/api/users/me"), User.class);
        }

        @Override
        public User updateMe(String nickname, String avatarUrl, String email) {
            return Http.read(
                    call(
                            "PATCH",
                            "/api/users/me",
                            fields("nickname", nickname, "avatarUrl", avatarUrl, "email", email)),
                    User.class);
        }

        @Override
        public void changePassword(String currentPassword, String newPassword) {
            call(
                    "PUT",
                    "/api/users/me/password",
                    fields("currentPassword", currentPassword, "newPassword", newPassword));
        }

        @Override
        public User get(String userId) {
            return Http.read(fetch("/api/users/" + segment(userId)), User.class);
        }

        @Override
        public User byUsername(String username) {
            return Http.read(fetch("/api/users" + query("username", username)), User.class);
        }

        @Override
        public Page<User> search(String q, int limit, int offset) {
            JsonNode answer = fetch("/api/users/search" + query("q", q, "limit", limit, "offset", offset));
            List<User> found = items(answer, User.class);
            long total = answer.path("total").asLong(found.size());
            return new Page<>(found, offset + found.size() < total, total);
        }
    };

    private final Friends friends = new Friends() {
        @Override
        public FriendRequest request(String userId, String message) {
            return Http.read(
                    call("POST", "/api/friends/requests", fields("userId", userId, "message", message)),
                    FriendRequest.class);
        }

        @Override
        public List<FriendRequest> incoming() {
            return items(fetch("/api/friends/requests?direction=incoming"), FriendRequest.class);
        }

        @Override
        public List<FriendRequest> outgoing() {
            return items(fetch("/api/friends/requests?direction=outgoing"), FriendRequest.class);
        }

        @Override
        public void accept(String requestId) {
            call("POST", "/api/friends/requests/" + segment(requestId) + "/accept", null);
        }

        @Override
        public void reject(String requestId) {
            call("POST", "/api/friends/requests/" + segment(requestId) + "/reject", null);
        }

        @Override
        public List<Friend> list() {
            return items(fetch("/api/friends"), Friend.class);
        }

        @Override
        public void setRemark(String userId, String remark) {
            call("PATCH", "/api/friends/" + segment(userId), fields("remark", remark));
        }

        @Override
        public void remove(String userId) {
            call("DELETE", "/api/friends/" + segment(userId), null);
        }

        @Override
        public List<User> blocked() {
            List<User> blocked = new ArrayList<>();
            for (JsonNode item : fetch("/api/friends/blocks").path("items")) {
                blocked.add(new User(
                        item.path("userId").asString(),
                        item.path("username").asString(null),
                        item.path("nickname").asString(null),
                        item.path("avatarUrl").asString(null),
                        null));
            }
            return blocked;
        }

        @Override
        public void block(String userId) {
            call("PUT", "/api/friends/blocks/" + segment(userId), null);
        }

        @Override
        public void unblock(String userId) {
            call("DELETE", "/api/friends/blocks/" + segment(userId), null);
        }
    };

    private final Groups groups = new Groups() {
        @Override
        public Group create(String name, String description, List<String> memberIds) {
            return Http.read(
                    call(
                            "POST",
                            "/api/groups",
                            fields("name", name, "description", description, "memberIds", memberIds)),
                    Group.class);
        }

        @Override
        public List<Group> mine() {
            return items(fetch("/api/groups"), Group.class);
        }

        @Override
        public Group get(String groupId) {
            return Http.read(fetch("/api/groups/" + segment(groupId)), Group.class);
        }

        @Override
        public List<Member> members(String groupId) {
            return items(fetch("/api/groups/" + segment(groupId) + "/members"), Member.class);
        }

        @Override
        public Group update(String groupId, String name, String description, Boolean mutedAll) {
            return Http.read(
                    call(
                            "PATCH",
                            "/api/groups/" + segment(groupId),
                            fields("name", name, "description", description, "mutedAll", mutedAll)),
                    Group.class);
        }

        @Override
        public void dismiss(String groupId) {
            call("DELETE", "/api/groups/" + segment(groupId), null);
        }

        @Override
        public List<Member> addMembers(String groupId, List<String> userIds) {
            return items(
                    call("POST", "/api/groups/" + segment(groupId) + "/members", fields("userIds", userIds)),
                    Member.class);
        }

        @Override
        public void removeMember(String groupId, String userId) {
            call("DELETE", "/api/groups/" + segment(groupId) + "/members/" + segment(userId), null);
        }

        @Override
        public Member setRole(String groupId, String userId, String role) {
            return Http.read(
                    call(
                            "PATCH",
                            "/api/groups/" + segment(groupId) + "/members/" + segment(userId),
                            fields("role", role)),
                    Member.class);
        }

        @Override
        public Member mute(String groupId, String userId, Instant until) {
            Map<String, Object> body = new HashMap<>();
            body.put("mutedUntil", until == null ? null : until.toString());
            return Http.read(
                    call("PATCH", "/api/groups/" + segment(groupId) + "/members/" + segment(userId), body),
                    Member.class);
        }

        @Override
        public void transferOwnership(String groupId, String userId) {
            call("POST", "/api/groups/" + segment(groupId) + "/owner", fields("userId", userId));
        }
    };

    private final Messages messages = new Messages() {
        @Override
        public Message send(ConversationType type, String to, String clientMsgId, String contentType, String content) {
            return Http.read(
                    call(
                            "POST",
                            path(type, to),
                            fields("clientMsgId", clientMsgId, "contentType", contentType, "content", content)),
                    Message.class);
        }

        @Override
        public Page<Message> history(ConversationType type, String to, long beforeSeq, long afterSeq, int limit) {
            JsonNode answer = fetch(path(type, to)
                    + query(
                            "before", beforeSeq > 0 ? beforeSeq : null,
                            "after", afterSeq > 0 ? afterSeq : null,
                            "limit", limit > 0 ? limit : null));
            return new Page<>(
                    items(answer, Message.class), answer.path("hasMore").asBoolean(), -1);
        }

        private static String path(ConversationType type, String to) {
            return (type == ConversationType.GROUP ? "/api/chat/groups/" : "/api/chat/private/") + segment(to)
                    + "/messages";
        }

        @Override
        public List<Conversation> conversations() {
            return items(fetch("/api/chat/conversations"), Conversation.class);
        }

        @Override
        public void markRead(String conversationId, long seq) {
            call("POST", "/api/chat/conversations/" + segment(conversationId) + "/read", fields("seq", seq));
        }

        @Override
        public Unread unread() {
            JsonNode answer = fetch("/api/chat/unread");
            Map<String, Long> counts = new LinkedHashMap<>();
            for (JsonNode item : answer.path("conversations")) {
                counts.put(
                        item.path("conversationId").asString(),
                        item.path("unreadCount").asLong());
            }
            return new Unread(answer.path("total").asLong(), counts);
        }

        @Override
        public Message recall(String messageId) {
            return Http.read(call("POST", "/api/chat/messages/" + segment(messageId) + "/recall", null), Message.class);
        }

        @Override
        public void deleteForMe(String messageId) {
            call("DELETE", "/api/chat/messages/" + segment(messageId), null);
        }
    };

    public static final class Builder {
        private final URI baseUrl;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration refreshMargin = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private String deviceId;
        private ChatOptions chat = ChatOptions.defaults();
        private Consumer<Tokens> onTokens = tokens -> {};
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** Connect and request timeout of REST calls (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How long before expiry the access token is refreshed (default 60 s). */
        public Builder refreshMargin(Duration refreshMargin) {
            this.refreshMargin = refreshMargin;
            return this;
        }

        /** The device id sent at login and on the WebSocket (default: the server picks one). */
        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        public Builder chat(ChatOptions chat) {
            this.chat = chat;
            return this;
        }

        /** Called after each refresh with the new tokens (to keep them, as the CLI does). */
        public Builder onTokensRefreshed(Consumer<Tokens> onTokens) {
            this.onTokens = onTokens;
            return this;
        }

        /** A header sent with every request and WebSocket handshake (a User-Agent, a tracing id, …). */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public HttpRelayClient build() {
            return new HttpRelayClient(this);
        }
    }
}
