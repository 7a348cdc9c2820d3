package im.relay.common.observability;

import im.relay.common.error.RelayGrpcExceptionHandler;
import im.relay.common.error.RestProblemHandler;
import im.relay.common.identity.CallerClientInterceptor;
import im.relay.common.identity.CallerServerInterceptor;
import im.relay.common.identity.TokenVerifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GlobalClientInterceptor;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * What every service gets by depending on {@code relay-common}: catalogue errors over gRPC and REST, and caller
 * identity on every gRPC call in and out. Metrics, health and the gRPC health service come from
 * {@code relay-defaults.yaml} and Spring Boot's own auto-configuration.
 */
@AutoConfiguration
public class RelayPlatformAutoConfiguration {

    @Bean
    RelayGrpcExceptionHandler relayGrpcExceptionHandler() {
        return new RelayGrpcExceptionHandler();
    }

    @Bean
    @GlobalClientInterceptor
    CallerClientInterceptor callerClientInterceptor() {
        return new CallerClientInterceptor();
    }

    @Bean
    @GlobalServerInterceptor
    @ConditionalOnBean(TokenVerifier.class)
    CallerServerInterceptor callerServerInterceptor(TokenVerifier verifier) {
        return new CallerServerInterceptor(verifier);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Rest {

        @Bean
        RestProblemHandler restProblemHandler() {
            return new RestProblemHandler();
        }
    }
}
