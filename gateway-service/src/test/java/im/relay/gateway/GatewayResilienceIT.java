package im.relay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import im.relay.common.config.RelayApplication;
import im.relay.common.security.TestTokens;
import im.relay.common.testing.ApiClient;
import im.relay.common.testing.TestServices;
import im.relay.engines.Engines;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway's own configuration against failing instances: idempotent calls are retried on another instance, and
 * a service that keeps failing gets an open circuit of its own while the other routes carry on.
 */
class GatewayResilienceIT {

    @TempDir
    Path dir;

    @Test
    void retriesReadsOnAnotherInstanceAndOpensTheCircuitOfADeadService() {
        try (TestTokens tokens = TestTokens.start();
                EchoServer echo = EchoServer.start()) {
            String closed = "http://127.0.0.1:" + TestServices.freePort();
            String[] args = {
                "--server.port=0",
                "--management.server.port=0",
                "--spring.main.web-application-type=reactive",
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
                        + TestServices.TOMCAT_MANAGEMENT,
                "--spring.data.redis.url=" + Engines.shared().redis().url(),
                "--relay.auth.jwks-uri=" + tokens.jwksUri(),
                "--relay.gateway.circuit-breaker.minimum-calls=4",
                // one instance of user-service is down, the other answers; friend-service is down altogether
                "--spring.cloud.discovery.client.simple.instances.user-service[0].uri=" + closed,
                "--spring.cloud.discovery.client.simple.instances.user-service[1].uri=" + echo.uri(),
                "--spring.cloud.discovery.client.simple.instances.friend-service[0].uri=" + closed
            };
            try (ConfigurableApplicationContext gateway =
                    RelayApplication.run(GatewayServiceApplication.class, args, Map.of(), dir)) {
                ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + TestServices.httpPort(gateway)))
                        .withToken(tokens.accessToken("00000000-0000-7000-8000-000000000001"));

                for (int i = 0; i < 10; i++) {
                    assertThat(api.get("/api/users/me").status())
                            .as("a read that meets the dead instance is retried on the live one")
                            .isEqualTo(200);
                }

                for (int i = 0; i < 6; i++) {
                    assertThat(api.get("/api/friends").code()).isEqualTo("SERVICE_UNAVAILABLE");
                }
                var breakers = gateway.getBean(ReactiveResilience4JCircuitBreakerFactory.class)
                        .getCircuitBreakerRegistry();
                assertThat(breakers.circuitBreaker("friends").getState()).isEqualTo(CircuitBreaker.State.OPEN);
                assertThat(breakers.circuitBreaker("users").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
                assertThat(api.get("/api/users/me").status()).isEqualTo(200);
            }
        }
    }
}
