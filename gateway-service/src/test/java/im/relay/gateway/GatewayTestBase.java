package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The real gateway in front of the real services: every test talks to Relay as a client would. */
abstract class GatewayTestBase {

    static final RelaySystem system = RelaySystem.start();
    private static final AtomicInteger addresses = new AtomicInteger(1);

    /** A client of its own address, so that rate limits per address do not couple the tests. */
    ApiClient client() {
        int n = addresses.getAndIncrement();
        return new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(system.gateway)))
                .withHeader("X-Forwarded-For", "10.0." + (n / 250) + "." + (n % 250 + 1));
    }

    static ApiClient direct(ConfigurableApplicationContext service) {
        return new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(service)));
    }

    /** A registered user: their id, name, tokens and a client that sends their access token. */
    record Account(String id, String name, String accessToken, String refreshToken, ApiClient api) {}

    Account register(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient anonymous = client();
        ApiClient.Reply reply = anonymous.post("/api/auth/register", json("username", name, "password", "password1"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode body = reply.json();
        String access = body.get("accessToken").asString();
        return new Account(
                body.get("user").get("id").asString(),
                name,
                access,
                body.get("refreshToken").asString(),
                anonymous.withToken(access));
    }

    static void assertProblem(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/problem+json");
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
    }
}
