package im.relay.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import im.relay.common.config.LiveProperties;
import im.relay.gateway.edge.GatewaySettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Proxies the WebSocket routes ({@code ws://}, {@code wss://}, such as {@code /api/chat/ws}) the way Spring Cloud
 * Gateway's {@link WebsocketRoutingFilter} does, which it runs right before, but passes each side's close code and
 * reason to the other unchanged. Spring Cloud Gateway's proxy turns every code it does not list into 1002, among
 * them 1012–1014 (RFC 6455's registry added them later), so a client through the API gateway could not tell "too
 * slow to read, try again later" (1013) from a protocol error. Only codes that no close frame may carry (1005 no
 * status, 1006 connection lost, 1015 TLS) are replaced: by 1000 and 1011.
 *
 * <p>A client's message over {@code relay.gateway.max-frame-size} is refused here with 1009, as message-gateway
 * refuses one on its port (same limit, same reason: "frame too large" for a message in fragments, Netty's own for
 * a single frame); handed on as one frame, the node would refuse it with Netty's reason instead.
 */
@Component
class WebSocketProxyFilter implements GlobalFilter, Ordered {

    private final WebSocketClient client;
    private final WebSocketService service;
    private final ObjectProvider<List<HttpHeadersFilter>> headersFilters;

    /**
     * Spring Cloud Gateway's socket client (its frame limit for what the node sends) as its own filter gets it; the
     * client's frames are limited by {@code relay.gateway.max-frame-size}, read for each new socket.
     */
    WebSocketProxyFilter(
            WebSocketClient client,
            HttpClientProperties properties,
            LiveProperties<GatewaySettings> settings,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        this.client = client;
        RequestUpgradeStrategy netty = new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder()
                .maxFramePayloadLength((int) settings.get().maxFrameSize().toBytes())
                .handlePing(!properties.getWebsocket().isProxyPing()));
        // the node's socket first, the client's 101 after (see Proxy); Spring has checked the upgrade request by then
        RequestUpgradeStrategy upstreamFirst =
                (exchange, handler, subProtocol, handshakeInfo) -> handler instanceof Proxy proxy
                        ? proxy.openUpstream()
                                .then(Mono.defer(() -> netty.upgrade(exchange, proxy, subProtocol, handshakeInfo)))
                                .doFinally(signal -> proxy.ended())
                        : netty.upgrade(exchange, handler, subProtocol, handshakeInfo);
        this.service = new HandshakeWebSocketService(upstreamFirst);
        this.headersFilters = headersFilters;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 2; // after the load balancer's filter, before WebsocketRoutingFilter's
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (url == null || isAlreadyRouted(exchange) || !isWebSocket(url, exchange)) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);
        URI target = webSocketUri(url);
        HttpHeaders headers = new HttpHeaders();
        HttpHeadersFilter.filterRequest(headersFilters.getIfAvailable(List::of), exchange)
                .forEach((name, values) -> {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (!lower.equals("host") && !lower.startsWith("sec-websocket")) {
                        headers.addAll(name, values);
                    }
                });
        Channel channel = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection netty
                ? netty.channel()
                : null;
        return service.handleRequest(
                exchange,
                new Proxy(target, headers, protocols(exchange.getRequest().getHeaders()), channel));
    }

    private static boolean isWebSocket(URI url, ServerWebExchange exchange) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("ws")
                || scheme.equals("wss")
                || ((scheme.equals("http") || scheme.equals("https"))
                        && "websocket"
                                .equalsIgnoreCase(
                                        exchange.getRequest().getHeaders().getUpgrade()));
    }

    private static URI webSocketUri(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            return URI.create(
                    (scheme.equals("http") ? "ws" : "wss") + url.toString().substring(scheme.length()));
        }
        return url;
    }

    private static List<String> protocols(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String value : headers.getOrEmpty(WebsocketRoutingFilter.SEC_WEBSOCKET_PROTOCOL)) {
            protocols.addAll(List.of(StringUtils.tokenizeToStringArray(value, ",")));
        }
        return protocols;
    }

    /** The close status to hand on: the same, unless no close frame may carry it. */
    static CloseStatus passOn(CloseStatus status) {
        int code = status.getCode();
        if (code == CloseStatus.NO_STATUS_CODE.getCode()) {
            return CloseStatus.NORMAL;
        }
        if (!WebSocketCloseStatus.isValidStatusCode(code)) {
            return CloseStatus.SERVER_ERROR;
        }
        return status;
    }

    private static final String TOO_LONG = "relay.tooLongMessage";

    /**
     * Closes with 1009 "frame too large", as message-gateway does, a client message over the limit in fragments:
     * Netty closes a single oversized frame with 1009 itself, but the fragment aggregator (added by
     * {@code session.receive()}) only raises an error, which would end the socket with no 1009. Sits right after the
     * aggregator.
     */
    private static final class TooLongMessage extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                context.writeAndFlush(new CloseWebSocketFrame(1009, "frame too large"))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            context.fireExceptionCaught(cause);
        }
    }

    /**
     * The client's socket: opens one to the upstream first and upgrades the client's only once the upstream's is open,
     * then copies frames and the close both ways. So a client that sees its socket open is connected to the node (and
     * registered there: whatever the node pushes from then on reaches it), and a node that refuses the socket (401,
     * 503) or is down is answered with an HTTP status before the upgrade, not a 101 and a close.
     */
    private final class Proxy implements WebSocketHandler {

        private final URI target;
        private final HttpHeaders headers;
        private final List<String> protocols;
        private final @Nullable Channel channel;
        private final Sinks.One<Upstream> upstreamOpened = Sinks.one();
        /** Ends the upstream's socket: its handler completes. */
        private final Sinks.Empty<Void> finished = Sinks.empty();

        private final AtomicBoolean upgraded = new AtomicBoolean();
        private volatile @Nullable Disposable connecting;

        /** The node's socket and its frames, read from the moment it opened (see {@link #openUpstream()}). */
        private record Upstream(WebSocketSession session, Flux<WebSocketMessage> frames) {}

        Proxy(URI target, HttpHeaders headers, List<String> protocols, @Nullable Channel channel) {
            this.target = target;
            this.headers = headers;
            this.protocols = protocols;
            this.channel = channel;
        }

        @Override
        public List<String> getSubProtocols() {
            return protocols;
        }

        /**
         * Opens the node's socket; completes once it is open, back on the client's event loop, where the client's
         * upgrade must happen (upgraded elsewhere, its first frames could be read before the fragment aggregator).
         */
        Mono<Void> openUpstream() {
            Mono<Void> opened = Mono.defer(() -> {
                connecting = client.execute(target, headers, new WebSocketHandler() {
                            @Override
                            public List<String> getSubProtocols() {
                                return protocols;
                            }

                            @Override
                            public Mono<Void> handle(WebSocketSession upstream) {
                                // what the node sends before the client's socket is open waits in Reactor Netty's
                                // inbound queue, behind the fragment aggregator that receive() adds here at once
                                upstreamOpened.tryEmitValue(new Upstream(upstream, upstream.receive()));
                                return finished.asMono();
                            }
                        })
                        .subscribe(null, upstreamOpened::tryEmitError);
                return upstreamOpened.asMono().onErrorMap(Proxy::refusal).then();
            });
            return channel == null ? opened : opened.publishOn(Schedulers.fromExecutor(channel.eventLoop()));
        }

        /** The node refused the upgrade: the client gets its status (401, 403, 503, ...) as problem+json. */
        private static Throwable refusal(Throwable error) {
            return error instanceof WebSocketClientHandshakeException refused
                    ? new ResponseStatusException(
                            refused.response().status().code(), "the chat server refused the socket", error)
                    : error;
        }

        /** The client's upgrade is over: if it failed (or the client went away first), the node's socket goes too. */
        void ended() {
            if (!upgraded.get()) {
                finished.tryEmitEmpty();
                Disposable pending = connecting;
                if (pending != null) {
                    pending.dispose();
                }
            }
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            upgraded.set(true);
            // at once, not later: frames read before would miss the fragment aggregator it adds
            Flux<WebSocketMessage> fromClient = session.receive();
            if (channel != null
                    && channel.pipeline().get(TOO_LONG) == null
                    && channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
                channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, TOO_LONG, new TooLongMessage());
            }
            return upstreamOpened
                    .asMono()
                    .flatMap(upstream -> relay(session, fromClient, upstream))
                    .doFinally(signal -> finished.tryEmitEmpty());
        }

        private static Mono<Void> relay(WebSocketSession session, Flux<WebSocketMessage> fromClient, Upstream node) {
            WebSocketSession upstream = node.session();
            Mono<Void> upstreamClosed = upstream.closeStatus()
                    .filter(status -> session.isOpen())
                    .flatMap(status -> session.close(passOn(status)));
            Mono<Void> clientClosed = session.closeStatus()
                    .filter(status -> upstream.isOpen())
                    .flatMap(status -> upstream.close(passOn(status)));
            // the frames are released once written: retain them for the other socket; a side that fails (a frame over
            // the limit, a dropped connection) still has its close handed on above
            // a send to the node that fails (the node closed while a frame was on its way) must not cancel the
            // client's inbound: Reactor Netty would answer that with a close with no code (1005) before the node's
            // own close, still to be read, is handed on; the socket's end disposes it
            Mono<Void> toUpstream = upstream.send(fromClient
                            .doOnNext(WebSocketMessage::retain)
                            .publish()
                            .autoConnect())
                    .onErrorComplete();
            Mono<Void> toClient = session.send(node.frames().doOnNext(WebSocketMessage::retain))
                    .onErrorComplete();
            // done once each close is handed on: a handler that completes first closes with no status
            return Mono.when(upstreamClosed, clientClosed, toUpstream, toClient);
        }
    }
}
