package im.relay.common.observability;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import im.relay.common.error.RelayGrpcExceptionHandler;
import im.relay.common.error.RestProblemHandler;
import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.identity.CallerServerInterceptor;
import im.relay.common.identity.TokenVerifier;
import im.relay.common.json.RelayJson;
import im.relay.common.security.AuthProperties;
import im.relay.common.security.BearerTokenFilter;
import im.relay.common.security.JwtAccessTokenVerifier;
import im.relay.common.security.SessionRevocations;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.MalformedURLException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * What every service gets by depending on {@code relay-common}: catalogue errors over gRPC and REST, access tokens
 * checked on every REST and gRPC call (against auth-service's JWKS and the session denylist), and the caller's
 * identity carried on every gRPC call out. Metrics, health and the gRPC health service come from
 * {@code relay-defaults.yaml} and Spring Boot's own auto-configuration.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties(AuthProperties.class)
public class RelayPlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RelayGrpcExceptionHandler relayGrpcExceptionHandler() {
        return new RelayGrpcExceptionHandler();
    }

    @Bean
    @ConditionalOnMissingBean
    JWKSource<SecurityContext> relayJwkSource(AuthProperties properties) throws MalformedURLException {
        return JWKSourceBuilder.<SecurityContext>create(properties.jwksUri().toURL())
                .retrying(true)
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    SessionRevocations sessionRevocations(StringRedisTemplate redis) {
        return new SessionRevocations(redis);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenVerifier tokenVerifier(
            JWKSource<SecurityContext> keys, AuthProperties properties, SessionRevocations revocations) {
        return new JwtAccessTokenVerifier(keys, properties, revocations);
    }

    @Bean
    @GlobalClientInterceptor
    CallerClientInterceptor callerClientInterceptor() {
        return new CallerClientInterceptor();
    }

    @Bean
    @GlobalServerInterceptor
    CallerServerInterceptor callerServerInterceptor(TokenVerifier verifier) {
        return new CallerServerInterceptor(verifier);
    }

    /**
     * Lettuce's timer only paces reconnects (command timeouts run on its event loops), yet by default it ticks every
     * 100 ms, in each service: 80 of the 550 wake-ups a second of an idle `./relay up` (docs/benchmarks). A 1-second
     * tick; the timer is stopped with the context, since Lettuce leaves a timer it was given running.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "io.lettuce.core.resource.ClientResources",
                "org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer"
            })
    static class Lettuce {

        @Bean(destroyMethod = "stop")
        HashedWheelTimer relayLettuceTimer() {
            return new HashedWheelTimer(new DefaultThreadFactory("lettuce-timer", true), 1, TimeUnit.SECONDS);
        }

        @Bean
        ClientResourcesBuilderCustomizer relayLettuceTimerCustomizer(HashedWheelTimer relayLettuceTimer) {
            return builder -> builder.timer(relayLettuceTimer);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer")
    static class Json {

        @Bean
        JsonMapperBuilderCustomizer relayJson() {
            return RelayJson::configure;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Rest {

        @Bean
        RestProblemHandler restProblemHandler() {
            return new RestProblemHandler();
        }

        @Bean
        FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(TokenVerifier verifier, AuthProperties properties) {
            FilterRegistrationBean<BearerTokenFilter> registration =
                    new FilterRegistrationBean<>(new BearerTokenFilter(verifier, properties.publicPaths()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
            return registration;
        }
    }
}
