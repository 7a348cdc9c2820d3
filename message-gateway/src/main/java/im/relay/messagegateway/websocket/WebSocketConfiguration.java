package im.relay.messagegateway.websocket;

import im.relay.common.config.LiveProperties;
import io.netty.channel.Channel;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.WebsocketServerSpec;

@Configuration(proxyBeanMethods = false)
class WebSocketConfiguration {

    @Bean
    LiveProperties<ConnectionLimits> connectionLimits(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.message-gateway.limits", ConnectionLimits.class);
    }

    @Bean
    LiveProperties<AllowedOrigins> allowedOrigins(Environment environment, Validator validator) {
        return LiveProperties.bind(environment, validator, "relay.message-gateway.websocket", AllowedOrigins.class);
    }

    @Bean
    HandlerMapping webSocketMapping(GatewayWebSocketHandler handler) {
        Map<String, Object> paths = new HashMap<>();
        HandshakeFilter.PATHS.forEach(path -> paths.put(path, handler));
        return new SimpleUrlHandlerMapping(paths, -1);
    }

    /**
     * Upgrades with the frame size limit read for each new socket (Reactor Netty closes with 1009 a frame over it;
     * Spring aggregates fragments up to it), registers a socket between Spring's check of the upgrade request and the
     * 101 (so a plain GET never registers, and the socket is reachable when the client sees it open), and hands the
     * socket its handshake: Spring copies only WebSession attributes into a socket, and a WebSession per socket is not
     * wanted.
     */
    @Bean
    WebFluxConfigurer webSocketService(LiveProperties<ConnectionLimits> limits) {
        RequestUpgradeStrategy netty = new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder()
                .maxFramePayloadLength((int) limits.get().maxFrameSize().toBytes()));
        RequestUpgradeStrategy registeringFirst = (exchange, handler, subProtocol, handshakeInfo) ->
                handler instanceof GatewayWebSocketHandler.Opening opening
                        ? opening.register()
                                .then(Mono.defer(() -> netty.upgrade(exchange, opening, subProtocol, handshakeInfo)))
                                .doFinally(signal -> opening.ended())
                        : netty.upgrade(exchange, handler, subProtocol, handshakeInfo);
        HandshakeWebSocketService upgrade = new HandshakeWebSocketService(registeringFirst);
        WebSocketService service = (exchange, handler) -> {
            if (handler instanceof GatewayWebSocketHandler gateway
                    && exchange.getAttribute(Handshake.ATTRIBUTE) instanceof Handshake handshake) {
                Channel channel = exchange.getAttribute(Handshake.CHANNEL);
                return upgrade.handleRequest(exchange, gateway.opening(handshake, channel));
            }
            return upgrade.handleRequest(exchange, handler);
        };
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return service;
            }
        };
    }

    /**
     * Event loops of this application's own rather than Reactor Netty's JVM-wide ones, which the first application
     * context to stop would shut down for every other one in the same JVM (the one-JVM launcher, the tests).
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory(
            @Value("${spring.reactor.netty.shutdown-quiet-period:2s}") Duration shutdownQuietPeriod) {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        resources.setShutdownQuietPeriod(shutdownQuietPeriod); // the property applies to Boot's own factory only
        return resources;
    }

    /** Frames, connects and disconnects block on gRPC and Redis calls: each on a virtual thread of its own. */
    @Bean(destroyMethod = "dispose")
    Scheduler blockingWork() {
        return Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "message-gateway");
    }
}
