package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.testing.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paths spelt other than canonically (matrix parameters, percent-encoded letters, double encoding) must not walk
 * around the per-address limits, which are kept per path: the gateway refuses them before anything counts or routes.
 */
class PathSpellingThroughGatewayIT extends GatewayTestBase {

    private static final List<String> ODD_LOGIN_SPELLINGS =
            List.of("/api/auth/login;x", "/api/auth/%6cogin", "/api/auth/%256cogin");

    @Test
    void oddSpellingsOfTheLoginPathAreRefusedOnceTheLoginLimitIsReached() {
        Account victim = register("victim");
        Account attacker = register("attacker");
        ApiClient api = attacker.api();
        for (int i = 0; i < 5; i++) {
            assertProblem(
                    api.post("/api/auth/login", json("username", victim.name(), "password", "wrong" + i)),
                    401,
                    "INVALID_CREDENTIALS");
        }
        assertProblem(
                api.post("/api/auth/login", json("username", victim.name(), "password", "password1")),
                429,
                "RATE_LIMITED");

        for (String spelling : ODD_LOGIN_SPELLINGS) {
            ApiClient.Reply reply = api.post(spelling, json("username", victim.name(), "password", "password1"));
            assertProblem(reply, 400, "VALIDATION_FAILED");
            assertThat(reply.json().path("detail").asString()).as(spelling).contains("path");
        }
    }

    @Test
    void oddSpellingsAreRefusedEvenBeforeAnyLimitIsReached() {
        Account walter = register("walter");
        ApiClient api = client();

        for (String spelling : ODD_LOGIN_SPELLINGS) {
            assertProblem(
                    api.post(spelling, json("username", walter.name(), "password", "password1")),
                    400,
                    "VALIDATION_FAILED");
        }
        assertProblem(walter.api().get("/api/users/%6de"), 400, "VALIDATION_FAILED");
        assertProblem(walter.api().get("/api/users//me"), 400, "VALIDATION_FAILED");
    }

    @Test
    void encodedReservedCharactersStillPassAsClientsEncodeIds() {
        Account xena = register("xena");

        // encodeURIComponent spells a conversation id p:a:b as p%3Aa%3Ab
        assertThat(xena.api().get("/api/echo/p%3Aa%3Ab").status()).isEqualTo(200);
        assertThat(xena.api().get("/api/users/me").status()).isEqualTo(200);
    }
}
