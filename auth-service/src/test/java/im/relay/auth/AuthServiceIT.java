package im.relay.auth;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import im.relay.auth.keys.SigningKeyService;
import im.relay.common.outbox.Topics;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.BearerCredentials;
import im.relay.common.testing.MutableClock;
import im.relay.common.testing.TestKafka;
import im.relay.common.testing.TestServices;
import im.relay.engines.EngineProperties;
import im.relay.engines.Engines;
import im.relay.proto.events.v1.SessionEvent;
import im.relay.user.UserServiceApplication;
import im.relay.userclient.UserEvents;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** auth-service over its real ports, with the real user-service beside it, on real PostgreSQL and Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(AuthServiceIT.Clocks.class)
class AuthServiceIT {

    static final int HTTP_PORT = TestServices.freePort();
    static final int GRPC_PORT = TestServices.freePort();
    static ConfigurableApplicationContext userService;

    @TestConfiguration
    static class Clocks {
        @Bean
        MutableClock clock() {
            return new MutableClock();
        }
    }

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        Map<String, String> engines = EngineProperties.forPurpose("auth_users");
        Map<String, String> users = new HashMap<>(engines);
        users.put("server.port", "0");
        users.put("spring.grpc.server.port", "0");
        users.put("relay.auth.jwks-uri", "http://127.0.0.1:" + HTTP_PORT + "/api/auth/jwks");
        users.put("spring.grpc.client.channels.auth-service.address", "static://127.0.0.1:" + GRPC_PORT);
        users.put("spring.kafka.bootstrap-servers", Engines.shared().kafka().bootstrapServers());
        userService = TestServices.start(UserServiceApplication.class, users);
        EngineProperties.registerWithKafka(registry, "auth");
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("management.server.port", () -> 0);
        registry.add("spring.grpc.server.port", () -> GRPC_PORT);
        registry.add(
                "spring.grpc.client.channels.user-service.address",
                () -> "static://127.0.0.1:" + TestServices.grpcPort(userService));
    }

    @AfterAll
    static void stopUserService() {
        userService.close();
    }

    @LocalServerPort
    int httpPort;

    @Value("${local.grpc.port}")
    int grpcPort;

    @Autowired
    MutableClock clock;

    @Autowired
    SigningKeyService signingKeys;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(URI.create("http://127.0.0.1:" + httpPort));
    }

    @Test
    void registersAndAnswersWithTheUserAndAFreshTokenPair() throws Exception {
        String name = unique("alice");

        ApiClient.Reply reply = api.post(
                "/api/auth/register",
                json(
                        "username",
                        name,
                        "password",
                        "correct horse",
                        "email",
                        name + "@example.com",
                        "platform",
                        "MOBILE"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode body = reply.json();
        assertThat(body.get("user").get("username").asString()).isEqualTo(name);
        assertThat(body.get("user").get("email").asString()).isEqualTo(name + "@example.com");
        assertThat(body.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(body.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(body.get("refreshToken").asString()).hasSize(43).doesNotContain(".");
        SignedJWT access = SignedJWT.parse(body.get("accessToken").asString());
        assertThat(access.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(access.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwksKids()).contains(access.getHeader().getKeyID());
        var claims = access.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(body.get("user").get("id").asString());
        assertThat(claims.getIssuer()).isEqualTo("relay");
        assertThat(claims.getAudience()).containsExactly("relay-api");
        assertThat(claims.getStringClaim("sid")).isNotBlank();
        assertThat(claims.getStringClaim("platform")).isEqualTo("MOBILE");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(900_000);
    }

    @Test
    void refusesBadRegistrations() {
        String name = unique("bob");
        assertThat(register(name).status()).isEqualTo(201);

        assertProblem(
                api.post("/api/auth/register", json("username", name, "password", "password1")), 409, "USERNAME_TAKEN");
        assertProblem(
                api.post("/api/auth/register", json("username", "x", "password", "password1")),
                400,
                "VALIDATION_FAILED");
        assertProblem(
                api.post("/api/auth/register", json("username", unique("c"), "password", 12345678)),
                400,
                "VALIDATION_FAILED");
        assertProblem(
                api.post(
                        "/api/auth/register", json("username", unique("c"), "password", "password1", "platform", "TV")),
                400,
                "VALIDATION_FAILED");
        assertProblem(api.post("/api/auth/register", "{"), 400, "VALIDATION_FAILED");
        assertProblem(api.post("/api/auth/register", "{}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void logsInAndFailsAlikeForUnknownUserAndWrongPassword() {
        String name = unique("carol");
        register(name);

        ApiClient.Reply ok = api.post("/api/auth/login", json("username", name.toUpperCase(), "password", "password1"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("user").get("username").asString()).isEqualTo(name);

        ApiClient.Reply wrongPassword = api.post("/api/auth/login", json("username", name, "password", "password2"));
        ApiClient.Reply unknownUser =
                api.post("/api/auth/login", json("username", unique("nobody"), "password", "password1"));
        assertProblem(wrongPassword, 401, "INVALID_CREDENTIALS");
        assertThat(unknownUser.status()).isEqualTo(wrongPassword.status());
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void refreshRotatesTheTokenAndAReusedOneEndsTheWholeSession() {
        JsonNode first = register(unique("dave")).json();
        String refresh1 = first.get("refreshToken").asString();

        ApiClient.Reply second = api.post("/api/auth/refresh", json("refreshToken", refresh1));
        assertThat(second.status()).isEqualTo(200);
        String refresh2 = second.json().get("refreshToken").asString();
        String access2 = second.json().get("accessToken").asString();
        assertThat(refresh2).isNotEqualTo(refresh1);
        assertThat(api.withToken(access2).post("/api/auth/logout", "{}").status())
                .isNotEqualTo(401)
                .isEqualTo(204);

        JsonNode third = register(unique("erin")).json();
        String refreshA = third.get("refreshToken").asString();
        String refreshB = api.post("/api/auth/refresh", json("refreshToken", refreshA))
                .json()
                .get("refreshToken")
                .asString();
        String accessB = api.post("/api/auth/refresh", json("refreshToken", refreshB))
                .json()
                .get("accessToken")
                .asString();

        assertProblem(api.post("/api/auth/refresh", json("refreshToken", refreshA)), 401, "TOKEN_REUSED");

        // the whole family and its access tokens are gone
        assertProblem(api.withToken(accessB).post("/api/auth/logout", "{}"), 401, "UNAUTHORIZED");
        assertProblem(
                api.withToken(third.get("accessToken").asString()).post("/api/auth/logout", "{}"), 401, "UNAUTHORIZED");
    }

    @Test
    void refusesUnknownMissingAndMisplacedRefreshTokens() {
        JsonNode signedIn = register(unique("frank")).json();

        assertProblem(api.post("/api/auth/refresh", json("refreshToken", "no-such-token")), 401, "UNAUTHORIZED");
        assertProblem(api.post("/api/auth/refresh", "{}"), 400, "VALIDATION_FAILED");
        assertProblem(
                api.post(
                        "/api/auth/refresh",
                        json("refreshToken", signedIn.get("accessToken").asString())),
                401,
                "UNAUTHORIZED");
        // a refresh token is not an access token
        assertProblem(
                api.withToken(signedIn.get("refreshToken").asString()).post("/api/auth/logout", "{}"),
                401,
                "UNAUTHORIZED");
    }

    @Test
    void logoutStopsTheAccessTokenAtOnceAndSpendsTheRefreshFamily() {
        JsonNode signedIn = register(unique("grace")).json();
        ApiClient grace = api.withToken(signedIn.get("accessToken").asString());

        assertThat(grace.post("/api/auth/logout", "").status()).isEqualTo(204);

        assertProblem(grace.post("/api/auth/logout", "{}"), 401, "UNAUTHORIZED");
        assertProblem(
                api.post(
                        "/api/auth/refresh",
                        json("refreshToken", signedIn.get("refreshToken").asString())),
                401,
                "UNAUTHORIZED");
        assertProblem(api.post("/api/auth/logout", "{}"), 401, "UNAUTHORIZED");
    }

    @Test
    void logoutWithTheRefreshTokenOfAnotherOfMySessionsEndsThatOneToo() {
        String name = unique("heidi");
        JsonNode phone = register(name).json();
        JsonNode laptop = login(name, "password1", "DESKTOP").json();

        api.withToken(phone.get("accessToken").asString())
                .post(
                        "/api/auth/logout",
                        json("refreshToken", laptop.get("refreshToken").asString()));

        assertProblem(
                api.post(
                        "/api/auth/refresh",
                        json("refreshToken", laptop.get("refreshToken").asString())),
                401,
                "UNAUTHORIZED");
    }

    @Test
    void endedSessionsAreAnnouncedOnKafkaForTheMessageGateway() throws Exception {
        JsonNode signedIn = register(unique("judy")).json();
        String userId = signedIn.get("user").get("id").asString();
        String sessionId = SignedJWT.parse(signedIn.get("accessToken").asString())
                .getJWTClaimsSet()
                .getStringClaim("sid");

        api.withToken(signedIn.get("accessToken").asString()).post("/api/auth/logout", "{}");

        SessionEvent event = sessionEvent(userId);
        assertThat(event.getSessionId()).isEqualTo(sessionId);
        assertThat(event.getRevoked().getReason()).isEqualTo("LOGOUT");
    }

    private static SessionEvent sessionEvent(String userId) {
        return sessionEvents(userId, 1).getFirst();
    }

    /** The first {@code count} session events of the user on relay.sessions. */
    private static List<SessionEvent> sessionEvents(String userId, int count) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                Engines.shared().kafka().bootstrapServers(),
                "group.id",
                "auth-it-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("relay.sessions"));
            List<SessionEvent> found = new java.util.ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(userId)) {
                        found.add(SessionEvent.parseFrom(record.value()));
                    }
                }
                return found.size() >= count;
            });
            return found.subList(0, count);
        }
    }

    @Test
    void aDeletedAccountLosesEverySessionOnceThoughTheEventComesTwice() throws Exception {
        String name = unique("del");
        JsonNode web = register(name).json();
        JsonNode mobile = login(name, "password1", "MOBILE").json();
        JsonNode stranger = register(unique("stays")).json();
        byte[] deleted = UserEvents.deleted(userId(web));

        TestKafka.send(Engines.shared().kafka().bootstrapServers(), Topics.USERS, userId(web), deleted);
        TestKafka.send(Engines.shared().kafka().bootstrapServers(), Topics.USERS, userId(web), deleted);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (JsonNode session : List.of(web, mobile)) {
                assertProblem(
                        api.post("/api/auth/refresh", json("refreshToken", refreshToken(session))),
                        401,
                        "UNAUTHORIZED");
            }
        });
        assertProblem(api.withToken(token(web)).post("/api/auth/logout", "{}"), 401, "UNAUTHORIZED");
        List<SessionEvent> revoked = sessionEvents(userId(web), 2);
        assertThat(revoked).extracting(SessionEvent::getSessionId).containsExactlyInAnyOrder(sid(web), sid(mobile));
        assertThat(revoked)
                .allSatisfy(event -> assertThat(event.getRevoked().getReason()).isEqualTo("ACCOUNT_DELETED"));
        // the repeat ended nothing more: each session was announced once
        assertThat(TestKafka.readAll(
                        Engines.shared().kafka().bootstrapServers(),
                        Topics.SESSIONS,
                        userId(web),
                        Duration.ofSeconds(3)))
                .hasSize(2);
        assertThat(api.post("/api/auth/refresh", json("refreshToken", refreshToken(stranger)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void logoutEverywhereEndsEverySessionOfTheCallerIncludingItsOwnAndNoOneElses() throws Exception {
        String name = unique("kim");
        JsonNode web = register(name).json();
        JsonNode mobile = login(name, "password1", "MOBILE").json();
        JsonNode desktop = login(name, "password1", "DESKTOP").json();
        JsonNode stranger = register(unique("lou")).json();

        ApiClient.Reply reply = api.withToken(token(web)).post("/api/auth/logout-all", "");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
        for (JsonNode session : List.of(web, mobile, desktop)) {
            assertProblem(api.withToken(token(session)).post("/api/auth/logout", "{}"), 401, "UNAUTHORIZED");
            assertProblem(
                    api.post("/api/auth/refresh", json("refreshToken", refreshToken(session))), 401, "UNAUTHORIZED");
        }
        assertThat(sessionEvents(userId(web), 3))
                .extracting(SessionEvent::getSessionId)
                .containsExactlyInAnyOrder(sid(web), sid(mobile), sid(desktop));
        assertThat(api.post("/api/auth/refresh", json("refreshToken", refreshToken(stranger)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPasswordChangeEndsEveryOtherSessionOfTheUserButKeepsTheCallersOwn() throws Exception {
        String name = unique("max");
        JsonNode web = register(name).json();
        JsonNode mobile = login(name, "password1", "MOBILE").json();
        ApiClient users = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(userService)));

        ApiClient.Reply changed = users.withToken(token(web))
                .put("/api/users/me/password", json("currentPassword", "password1", "newPassword", "password2"));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        assertProblem(users.withToken(token(mobile)).get("/api/users/me"), 401, "UNAUTHORIZED");
        assertProblem(api.post("/api/auth/refresh", json("refreshToken", refreshToken(mobile))), 401, "UNAUTHORIZED");
        SessionEvent ended = sessionEvent(userId(web));
        assertThat(ended.getSessionId()).isEqualTo(sid(mobile));
        assertThat(ended.getRevoked().getReason()).isEqualTo("OTHER_SESSIONS_ENDED");
        assertThat(users.withToken(token(web)).get("/api/users/me").status()).isEqualTo(200);
        assertThat(api.post("/api/auth/refresh", json("refreshToken", refreshToken(web)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aLoginEndsThePreviousSessionOfItsPlatformAtOnceButNoOtherPlatforms() throws Exception {
        String name = unique("nia");
        JsonNode firstWeb = register(name).json();
        JsonNode mobile = login(name, "password1", "MOBILE").json();

        JsonNode secondWeb = login(name, "password1", "WEB").json();

        assertProblem(api.withToken(token(firstWeb)).post("/api/auth/logout", "{}"), 401, "UNAUTHORIZED");
        assertProblem(api.post("/api/auth/refresh", json("refreshToken", refreshToken(firstWeb))), 401, "UNAUTHORIZED");
        SessionEvent replaced = sessionEvent(userId(firstWeb));
        assertThat(replaced.getSessionId()).isEqualTo(sid(firstWeb));
        assertThat(replaced.hasReplaced()).as(replaced.toString()).isTrue();
        assertThat(replaced.getReplaced().getBySessionId()).isEqualTo(sid(secondWeb));
        assertThat(api.post("/api/auth/refresh", json("refreshToken", refreshToken(mobile)))
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/auth/refresh", json("refreshToken", refreshToken(secondWeb)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void failedLoginsLockTheAccountAndThenLoginAnswersRateLimitedWithRetryAfter() {
        String name = unique("pia");
        register(name);
        for (int i = 0; i < 5; i++) {
            assertProblem(
                    api.post("/api/auth/login", json("username", name, "password", "wrong" + i)),
                    401,
                    "INVALID_CREDENTIALS");
        }

        ApiClient.Reply refused = api.post("/api/auth/login", json("username", name, "password", "password1"));

        assertProblem(refused, 429, "RATE_LIMITED");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    }

    @Test
    void aStolenAccessTokenCannotMintANewSessionOverGrpc() {
        JsonNode signedIn = register(unique("quin")).json();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
                .usePlaintext()
                .build();
        try {
            // CreateToken by its wire name, so that this test outlives the rpc: field 1 is user_id
            MethodDescriptor<byte[], byte[]> createToken = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("relay.auth.v1.AuthService/CreateToken")
                    .setRequestMarshaller(BYTES)
                    .setResponseMarshaller(BYTES)
                    .build();
            byte[] forMe = StringValue.of(userId(signedIn)).toByteArray();

            assertThat(codeOf(() -> ClientCalls.blockingUnaryCall(
                            channel,
                            createToken,
                            CallOptions.DEFAULT.withCallCredentials(new BearerCredentials(token(signedIn))),
                            forMe)))
                    .isEqualTo(Status.Code.UNIMPLEMENTED);
        } finally {
            channel.shutdownNow();
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    @Test
    void refreshKeepsASessionAliveOnlyUntilItsAbsoluteLifetimeThenEndsIt() {
        JsonNode signedIn = register(unique("ros")).json();
        try {
            String refresh = refreshToken(signedIn);
            for (int day = 25; day < 90; day += 25) {
                clock.advance(Duration.ofDays(25));
                ApiClient.Reply slid = api.post("/api/auth/refresh", json("refreshToken", refresh));
                assertThat(slid.status()).as("day " + day + ": " + slid).isEqualTo(200);
                refresh = slid.json().get("refreshToken").asString();
            }

            clock.advance(Duration.ofDays(16)); // day 91, 16 days after the last refresh

            assertProblem(api.post("/api/auth/refresh", json("refreshToken", refresh)), 401, "TOKEN_EXPIRED");
            SessionEvent ended = sessionEvent(userId(signedIn));
            assertThat(ended.getRevoked().getReason()).isEqualTo("EXPIRED");
        } finally {
            clock.reset();
        }
    }

    @Test
    void publishesOnlyPublicKeys() {
        JsonNode keys = api.get("/api/auth/jwks").json().get("keys");

        assertThat(keys).isNotEmpty();
        for (JsonNode key : keys) {
            assertThat(key.get("kty").asString()).isEqualTo("RSA");
            assertThat(key.get("alg").asString()).isEqualTo("RS256");
            assertThat(key.get("kid").asString()).isNotBlank();
            assertThat(key.has("n") && key.has("e")).isTrue();
            assertThat(List.of("d", "p", "q", "dp", "dq", "qi")).noneMatch(key::has);
        }
    }

    @Test
    void rotatesSigningKeysWithAnOverlapWindow() throws Exception {
        try {
            String kid1 = kidOf(register(unique("k1")).json());

            clock.advance(Duration.ofDays(30).minus(Duration.ofMinutes(10)));
            signingKeys.rotateIfDue();
            List<String> published = jwksKids();
            assertThat(published).contains(kid1).hasSizeGreaterThanOrEqualTo(2);
            assertThat(kidOf(register(unique("k2")).json()))
                    .as("the new key is published before it signs")
                    .isEqualTo(kid1);

            clock.advance(Duration.ofMinutes(10));
            String kid2 = kidOf(register(unique("k3")).json());
            assertThat(kid2).isNotEqualTo(kid1);
            assertThat(jwksKids())
                    .as("the old key verifies until its last token expires")
                    .contains(kid1, kid2);

            clock.advance(Duration.ofMinutes(16));
            assertThat(jwksKids()).contains(kid2).doesNotContain(kid1);
        } finally {
            clock.reset();
        }
    }

    private ApiClient.Reply register(String name) {
        ApiClient.Reply reply = api.post("/api/auth/register", json("username", name, "password", "password1"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply;
    }

    private ApiClient.Reply login(String name, String password, String platform) {
        ApiClient.Reply reply =
                api.post("/api/auth/login", json("username", name, "password", password, "platform", platform));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    private static String token(JsonNode signedIn) {
        return signedIn.get("accessToken").asString();
    }

    private static String refreshToken(JsonNode signedIn) {
        return signedIn.get("refreshToken").asString();
    }

    private static String userId(JsonNode signedIn) {
        return signedIn.get("user").get("id").asString();
    }

    private static String sid(JsonNode signedIn) throws Exception {
        return SignedJWT.parse(token(signedIn)).getJWTClaimsSet().getStringClaim("sid");
    }

    private List<String> jwksKids() {
        List<String> kids = new java.util.ArrayList<>();
        api.get("/api/auth/jwks")
                .json()
                .get("keys")
                .forEach(key -> kids.add(key.get("kid").asString()));
        return kids;
    }

    private static String kidOf(JsonNode signedIn) throws Exception {
        return SignedJWT.parse(signedIn.get("accessToken").asString())
                .getHeader()
                .getKeyID();
    }

    private static Status.Code codeOf(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("the call succeeded");
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertProblem(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
    }
}
