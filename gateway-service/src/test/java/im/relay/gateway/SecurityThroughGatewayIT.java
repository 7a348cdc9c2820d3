package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import im.relay.common.security.AccessTokenClaims;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Who may do what, proven through the gateway and against each service directly (no rule can be bypassed by
 * skipping the gateway), forged and stale tokens, rate limits, and the gateway's own answers.
 */
@Order(1) // before the tests that restart services of the shared system (junit-platform.properties)
class SecurityThroughGatewayIT extends GatewayTestBase {

    @Test
    void aThirdUserCannotActOnOthersRequestsProfilesOrGroups() {
        Account alice = register("alice");
        Account bob = register("bob");
        Account mallory = register("mallory");
        String request = alice.api()
                .post("/api/friends/requests", json("userId", bob.id()))
                .json()
                .get("id")
                .asString();
        String group = "/api/groups/"
                + alice.api()
                        .post("/api/groups", json("name", "g", "memberIds", List.of(bob.id())))
                        .json()
                        .get("id")
                        .asString();

        for (Function<String, ApiClient> as : viaGatewayAndDirect(mallory)) {
            assertProblem(
                    as.apply("friends").post("/api/friends/requests/" + request + "/accept", ""), 404, "NOT_FOUND");
            assertProblem(
                    as.apply("friends").post("/api/friends/requests/" + request + "/reject", ""), 404, "NOT_FOUND");
            assertProblem(as.apply("groups").get(group), 403, "NOT_GROUP_MEMBER");
            assertProblem(as.apply("groups").get(group + "/members"), 403, "NOT_GROUP_MEMBER");
            assertProblem(as.apply("groups").patch(group, json("name", "mine")), 403, "NOT_GROUP_MEMBER");
            assertProblem(
                    as.apply("groups").post(group + "/members", json("userIds", List.of(mallory.id()))),
                    403,
                    "NOT_GROUP_MEMBER");
            assertThat(as.apply("users").get("/api/users/" + alice.id()).json().has("email"))
                    .isFalse();
        }
        for (Function<String, ApiClient> as : viaGatewayAndDirect(bob)) {
            assertProblem(as.apply("groups").patch(group, json("name", "bob's")), 403, "FORBIDDEN");
            assertProblem(as.apply("groups").delete(group + "/members/" + alice.id()), 403, "FORBIDDEN");
            assertProblem(
                    as.apply("groups").patch(group + "/members/" + bob.id(), json("role", "ADMIN")), 403, "FORBIDDEN");
            assertProblem(as.apply("groups").delete(group), 403, "FORBIDDEN");
        }
    }

    @Test
    void aBlockedUserCannotAskAndARemovedMemberLosesAccess() {
        Account carol = register("carol");
        Account dave = register("dave");
        carol.api().put("/api/friends/blocks/" + dave.id(), "");
        String group = "/api/groups/"
                + carol.api()
                        .post("/api/groups", json("name", "g", "memberIds", List.of(dave.id())))
                        .json()
                        .get("id")
                        .asString();
        assertThat(carol.api().delete(group + "/members/" + dave.id()).status()).isEqualTo(204);

        for (Function<String, ApiClient> as : viaGatewayAndDirect(dave)) {
            assertProblem(
                    as.apply("friends").post("/api/friends/requests", json("userId", carol.id())), 403, "BLOCKED");
            assertProblem(as.apply("groups").get(group), 403, "NOT_GROUP_MEMBER");
            assertProblem(as.apply("groups").delete(group + "/members/" + dave.id()), 403, "NOT_GROUP_MEMBER");
        }
    }

    @Test
    void forgedStaleAndMisusedTokensAre401AtTheGatewayAndAtEveryService() throws Exception {
        Account erin = register("erin");
        String[] parts = erin.accessToken().split("\\.");
        String kid = SignedJWT.parse(erin.accessToken()).getHeader().getKeyID();
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        var stranger = new RSAKeyGenerator(2048).keyID("unknown-kid").generate();

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("alg:none", b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".");
        forged.put(
                "tampered payload",
                parts[0] + "." + b64(payload.replace(erin.id(), "00000000-0000-7000-8000-000000000000")) + "."
                        + parts[2]);
        forged.put(
                "unknown kid",
                TestTokens.sign(
                        stranger,
                        "unknown-kid",
                        AccessTokenClaims.TYPE,
                        SignedJWT.parse(erin.accessToken()).getJWTClaimsSet()));
        forged.put(
                "another key under a known kid",
                TestTokens.sign(
                        stranger,
                        kid,
                        AccessTokenClaims.TYPE,
                        SignedJWT.parse(erin.accessToken()).getJWTClaimsSet()));
        forged.put("refresh token as access token", erin.refreshToken());
        forged.put("garbage", "garbage");

        system.authClock().advance(Duration.ofMinutes(-30));
        String expired;
        try {
            // another platform: a WEB login would end erin's WEB session, whose token is checked below
            expired = client().post(
                            "/api/auth/login",
                            json("username", erin.name(), "password", "password1", "platform", "DESKTOP"))
                    .json()
                    .get("accessToken")
                    .asString();
        } finally {
            system.authClock().reset();
        }
        Account loggedOut = register("frank");
        assertThat(loggedOut.api().post("/api/auth/logout", "{}").status()).isEqualTo(204);

        for (ApiClient target : everyEntry()) {
            for (Map.Entry<String, String> attack : forged.entrySet()) {
                assertProblem(probe(target, attack.getValue()), 401, "UNAUTHORIZED");
            }
            assertProblem(probe(target, expired), 401, "TOKEN_EXPIRED");
            assertProblem(probe(target, loggedOut.accessToken()), 401, "UNAUTHORIZED");
            assertProblem(probe(target, null), 401, "UNAUTHORIZED");
        }
        assertThat(probe(client(), erin.accessToken()).status()).isEqualTo(200);
    }

    /** A call that needs a token at {@code target}: logout at auth-service, a read everywhere else. */
    private ApiClient.Reply probe(ApiClient target, String token) {
        ApiClient caller = token == null ? target : target.withToken(token);
        int port = target.base().getPort();
        if (port == TestServices.httpPort(system.auth)) {
            return caller.post("/api/auth/logout", "{}");
        }
        if (port == TestServices.httpPort(system.friends)) {
            return caller.get("/api/friends");
        }
        if (port == TestServices.httpPort(system.groups)) {
            return caller.get("/api/groups");
        }
        return caller.get("/api/users/me");
    }

    @Test
    void loginAndRegistrationAreRateLimitedPerAddressWithRetryAfter() {
        Account grace = register("grace");
        ApiClient attacker = client();

        // other accounts' names, so that grace's own failed-login limit (user-service) stays out of this
        for (int i = 0; i < 5; i++) {
            assertProblem(
                    attacker.post("/api/auth/login", json("username", grace.name() + i, "password", "wrong" + i)),
                    401,
                    "INVALID_CREDENTIALS");
        }
        ApiClient.Reply limited =
                attacker.post("/api/auth/login", json("username", grace.name(), "password", "password1"));
        assertProblem(limited, 429, "RATE_LIMITED");
        assertThat(limited.header("Retry-After")).isEqualTo("10");
        assertThat(client().post("/api/auth/login", json("username", grace.name(), "password", "password1"))
                        .status())
                .as("another address is not limited")
                .isEqualTo(200);

        ApiClient registrar = client();
        for (int i = 0; i < 5; i++) {
            registrar.post("/api/auth/register", json("username", "x" + i, "password", "short"));
        }
        assertProblem(
                registrar.post("/api/auth/register", json("username", "xyz", "password", "password1")),
                429,
                "RATE_LIMITED");
    }

    @Test
    void unknownUserAndWrongPasswordAreIndistinguishable() {
        Account heidi = register("heidi");

        ApiClient.Reply wrongPassword =
                client().post("/api/auth/login", json("username", heidi.name(), "password", "nope-nope"));
        ApiClient.Reply unknownUser =
                client().post("/api/auth/login", json("username", heidi.name() + "x", "password", "nope-nope"));

        assertProblem(wrongPassword, 401, "INVALID_CREDENTIALS");
        assertThat(unknownUser.status()).isEqualTo(wrongPassword.status());
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void badInputGets4xxProblemsNever500() {
        Account ivan = register("ivan");
        ApiClient api = ivan.api();

        assertProblem(api.get("/api/nowhere"), 404, "NOT_FOUND");
        assertProblem(api.post("/api/groups", "{\"name\": \"" + "x".repeat(70_000) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
        assertThat(api.post("/api/groups", json("name", "y".repeat(60))).status())
                .isEqualTo(201);
        assertProblem(api.post("/api/groups", "{\"name\": 5}"), 400, "VALIDATION_FAILED");
        assertProblem(api.post("/api/friends/requests", "{\"userId\": [1]}"), 400, "VALIDATION_FAILED");
        assertProblem(api.patch("/api/users/me", "nonsense"), 400, "VALIDATION_FAILED");
        assertProblem(api.get("/api/users/search?q=" + "q".repeat(65)), 400, "VALIDATION_FAILED");
        assertProblem(api.get("/api/groups/" + "0".repeat(36)), 404, "NOT_FOUND");
        assertProblem(api.get("/api/dead/anything"), 503, "SERVICE_UNAVAILABLE");
    }

    @Test
    void balancesOverBothUserServiceInstances() {
        Account judy = register("judy");
        double before1 = requests(system.users1);
        double before2 = requests(system.users2);

        for (int i = 0; i < 10; i++) {
            assertThat(judy.api().get("/api/users/me").status()).isEqualTo(200);
        }

        assertThat(requests(system.users1) - before1).isGreaterThanOrEqualTo(3);
        assertThat(requests(system.users2) - before2).isGreaterThanOrEqualTo(3);
    }

    @Test
    void stripsIdentityHeadersAClientSendsAndPassesTheTokenOn() {
        Account kim = register("kim");

        ApiClient.Reply echoed = kim.api()
                .withHeader("X-Relay-User-Id", "someone-else")
                .withHeader("X-User-Id", "someone-else")
                .withHeader("X-Auth-Roles", "admin")
                .get("/api/echo/headers");

        assertThat(echoed.status()).isEqualTo(200);
        assertThat(echoed.body())
                .doesNotContain("someone-else")
                .doesNotContain("x-auth-roles")
                .contains("authorization: Bearer " + kim.accessToken());
        assertProblem(client().withHeader("X-Relay-User-Id", kim.id()).get("/api/echo/headers"), 401, "UNAUTHORIZED");
    }

    @Test
    void answersCorsPreflights() throws Exception {
        var preflight = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(client().base().resolve("/api/users/me"))
                                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                                .header("Origin", "http://localhost:3000")
                                .header("Access-Control-Request-Method", "PATCH")
                                .header("Access-Control-Request-Headers", "authorization,content-type")
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("http://localhost:3000");
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Methods")
                        .orElse(""))
                .contains("PATCH");
    }

    /** The client-facing ports (8080, 8090) serve the API only; probes and metrics answer on the management port. */
    @Test
    void servesProbesAndMetricsOnTheManagementPortOnly() {
        Map<String, ConfigurableApplicationContext> entries =
                Map.of("gateway-service", system.gateway, "message-gateway", system.messageGateways.get(0));
        entries.forEach((name, service) -> {
            ApiClient publicPort = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(service)));
            for (String path : List.of("/metrics", "/actuator", "/actuator/prometheus", "/actuator/health")) {
                ApiClient.Reply reply = publicPort.get(path);
                assertThat(reply.status()).as(name + " " + path + ": " + reply).isEqualTo(404);
                assertThat(reply.header("Content-Type")).as(name + " " + path).startsWith("application/problem+json");
                assertThat(reply.body()).doesNotContain("jvm_");
            }
            ApiClient management =
                    new ApiClient(URI.create("http://127.0.0.1:" + TestServices.managementPort(service)));
            assertThat(management.get("/actuator/prometheus").body()).contains("application=\"" + name + "\"");
            assertThat(management.get("/actuator/health/readiness").body()).contains("UP");
        });
    }

    private static double requests(ConfigurableApplicationContext users) {
        return Search.in(users.getBean(MeterRegistry.class))
                .name("http.server.requests")
                .tag("uri", "/api/users/me")
                .timers()
                .stream()
                .mapToDouble(timer -> timer.count())
                .sum();
    }

    /** The same user through the gateway and straight to each service. */
    private List<Function<String, ApiClient>> viaGatewayAndDirect(Account account) {
        Map<String, ConfigurableApplicationContext> services =
                Map.of("friends", system.friends, "groups", system.groups, "users", system.users1);
        return List.of(
                service -> account.api(),
                service -> direct(services.get(service)).withToken(account.accessToken()));
    }

    private List<ApiClient> everyEntry() {
        return List.of(
                client(), direct(system.users1), direct(system.friends), direct(system.groups), direct(system.auth));
    }

    private static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
