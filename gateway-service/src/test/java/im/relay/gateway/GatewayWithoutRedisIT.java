package im.relay.gateway;

import static im.relay.common.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.config.RelayApplication;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With Redis unreachable, what fails open keeps Relay usable and what fails closed keeps it safe: the global and
 * per-address limits let requests through, the login limit refuses them, and no token is accepted because the
 * session denylist cannot be checked.
 */
class GatewayWithoutRedisIT {

    @TempDir
    Path dir;

    @Test
    void loginLimitsAndTokensFailClosedWhileOtherLimitsFailOpen() {
        try (EchoServer echo = EchoServer.start()) {
            String[] args = {
                "--server.port=0",
                "--management.server.port=0",
                "--spring.main.web-application-type=reactive",
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + TestServices.TOMCAT_MANAGEMENT,
                "--spring.data.redis.url=redis://127.0.0.1:" + TestServices.freePort(),
                "--relay.auth.jwks-uri=http://127.0.0.1:" + TestServices.freePort() + "/jwks",
                // a public route with an upstream that answers: /api/auth/jwks
                "--spring.cloud.discovery.client.simple.instances.auth-service[0].uri=" + echo.uri()
            };
            try (ConfigurableApplicationContext gateway =
                    RelayApplication.run(GatewayServiceApplication.class, args, Map.of(), dir)) {
                ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(gateway)));

                assertThat(api.get("/api/auth/jwks").status())
                        .as("global and per-address limits fail open")
                        .isEqualTo(200);

                ApiClient.Reply login = api.post("/api/auth/login", json("username", "alice", "password", "password1"));
                assertThat(login.status()).as(login.toString()).isEqualTo(429);
                assertThat(login.code()).isEqualTo("RATE_LIMITED");
                assertThat(login.header("Retry-After")).isNotBlank();

                ApiClient.Reply withToken = api.withToken("any.token.here").get("/api/users/me");
                assertThat(withToken.status()).as(withToken.toString()).isEqualTo(401);
            }
        }
    }
}
