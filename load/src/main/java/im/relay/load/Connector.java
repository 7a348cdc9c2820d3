package im.relay.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Opens the sessions' WebSockets on a small fixed group of Netty event loops (epoll where available, NIO otherwise):
 * every socket is non-blocking and belongs to one loop, so thousands of sessions need no thread of their own.
 *
 * <pre>{@code
 * try (Connector connector = new Connector(2)) {
 *     int open = connector.connectAll(URI.create("ws://127.0.0.1:8090/ws"), sessions, 200);
 * }
 * }</pre>
 */
final class Connector implements AutoCloseable {

    private static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    final String transport;

    Connector(int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(threads, io);
        channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        transport = (epoll ? "epoll" : "nio") + ", " + threads + " event loop" + (threads == 1 ? "" : "s");
    }

    /** The event loops, in a stable order, for the pacers. */
    List<EventLoop> loops() {
        List<EventLoop> loops = new ArrayList<>();
        group.forEach(executor -> loops.add((EventLoop) executor));
        return loops;
    }

    /** Starts one session's WebSocket; the session's {@code connected} future completes when the upgrade is done. */
    CompletableFuture<Void> connect(URI webSocket, Session session) {
        URI uri = URI.create(webSocket + (webSocket.getQuery() == null ? "?" : "&") + "token="
                + URLEncoder.encode(session.account().accessToken(), StandardCharsets.UTF_8)
                + "&deviceId=load-" + session.index + "&platform=WEB");
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .handleCloseFrames(false)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .maxFramePayloadLength(MAX_FRAME)
                .build();
        int port = uri.getPort() > 0 ? uri.getPort() : ("wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        new Bootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, HANDSHAKE_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(MAX_FRAME))
                                .addLast(new WebSocketClientProtocolHandler(config))
                                .addLast(new WebSocketFrameAggregator(MAX_FRAME))
                                .addLast(session);
                    }
                })
                .connect(uri.getHost(), port)
                .addListener(future -> {
                    if (!future.isSuccess()) {
                        session.connected.completeExceptionally(future.cause());
                    }
                });
        return session.connected;
    }

    /**
     * Opens every session, at most {@code concurrency} handshakes at a time (a burst of thousands would only queue in
     * the server's accept backlog); answers how many opened. Failures are left in each session's future.
     */
    int connectAll(URI webSocket, List<Session> sessions, int concurrency) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        for (Session session : sessions) {
            slots.acquire();
            connect(webSocket, session).whenComplete((ok, error) -> slots.release());
        }
        slots.acquire(concurrency); // every handshake has ended, one way or the other
        slots.release(concurrency);
        return (int) sessions.stream()
                .filter(session -> !session.connected.isCompletedExceptionally())
                .count();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
