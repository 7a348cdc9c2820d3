package im.relay.gateway;

import im.relay.common.config.LiveProperties;
import im.relay.gateway.edge.GatewaySettings;
import im.relay.gateway.routing.DnsDiscoveryClient;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import jakarta.validation.Validator;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    LiveProperties<GatewaySettings> gatewaySettings(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.gateway", GatewaySettings.class);
    }

    @Bean
    DnsDiscoveryClient.Names dnsNames() {
        return new DnsDiscoveryClient.Names();
    }

    @Bean
    DnsDiscoveryClient dnsDiscoveryClient(DnsDiscoveryClient.Names names) {
        return new DnsDiscoveryClient(names);
    }

    /**
     * Circuit breakers per route: open when half the calls of the last window failed (connection errors, timeouts),
     * answer 503 at once while open, and try again after a pause. Calls may take as long as the HTTP client allows;
     * Resilience4j's own 1 s default would cut off slow but healthy calls such as password hashing.
     */
    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakers(
            @Value("${spring.cloud.gateway.server.webflux.httpclient.response-timeout:10s}") Duration timeout,
            @Value("${relay.gateway.circuit-breaker.minimum-calls:20}") int minimumCalls,
            @Value("${relay.gateway.circuit-breaker.open-for:10s}") Duration openFor) {
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .timeLimiterConfig(TimeLimiterConfig.custom()
                        .timeoutDuration(timeout.plusSeconds(1))
                        .build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .failureRateThreshold(50)
                        .minimumNumberOfCalls(minimumCalls)
                        .slidingWindowSize(Math.max(minimumCalls, 50))
                        .waitDurationInOpenState(openFor)
                        .build())
                .build());
    }
}
