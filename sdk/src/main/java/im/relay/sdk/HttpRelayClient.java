package im.relay.sdk;

import static im.relay.sdk.Http.fields;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
    public Media media() {
        return media;
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

    Http http() {
        return http;
    }

    /** Runs a call with the access token; a 401 TOKEN_EXPIRED is retried once with a refreshed one. */
    JsonNode withToken(java.util.function.Function<String, JsonNode> call) {
        try {
            return call.apply(tokens.accessToken());
        } catch (RelayException e) {
            if ("TOKEN_EXPIRED".equals(e.code())) {
                return call.apply(tokens.refreshNow());
            }
            throw e;
        }
    }

    JsonNode fetch(String path) {
        return call("GET", path, null);
    }

    static <T> List<T> items(JsonNode answer, Class<T> type) {
        List<T> items = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
            items.add(Http.read(item, type));
        }
        return items;
    }

    private final Users users = new HttpUsers(this);

    private final Friends friends = new HttpFriends(this);

    private final Groups groups = new HttpGroups(this);

    private final Messages messages = new HttpMessages(this);
    private final Media media = new HttpMedia(this);

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
