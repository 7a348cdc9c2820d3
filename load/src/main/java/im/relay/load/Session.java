package im.relay.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One user's WebSocket session: the end of the Netty pipeline that reads the server's frames and writes this user's
 * sends. Everything here runs on the channel's event loop, so the per-session state needs no locks; frames are read
 * with one reused {@link FrameScanner} and a reused byte array, and sends are written straight into a pooled buffer.
 */
final class Session extends SimpleChannelInboundHandler<WebSocketFrame> {

    final int index;
    private final Account account;
    final String conversationId;
    final StreamChecker stream = new StreamChecker();
    final CompletableFuture<Void> connected = new CompletableFuture<>();

    private final RunState run;
    private final FrameScanner scanner;
    private final byte[] head;
    private final byte[] padding;
    private byte[] scratch = new byte[2048];
    private volatile Channel channel;
    private volatile boolean closing;

    /**
     * @param conversationType PRIVATE or GROUP
     * @param to the peer's user id or the group id
     * @param padTo content length to pad sends to (0: no padding)
     */
    Session(
            int index,
            Account account,
            String conversationType,
            String to,
            String conversationId,
            int padTo,
            RunState run) {
        this.index = index;
        this.account = account;
        this.conversationId = conversationId;
        this.run = run;
        this.scanner = new FrameScanner(conversationId);
        this.head = ("{\"type\":\"send\",\"conversationType\":\"" + conversationType + "\",\"to\":\"" + to
                        + "\",\"contentType\":\"TEXT\",\"id\":\"")
                .getBytes(StandardCharsets.UTF_8);
        this.padding = padTo > 0 ? ("~" + "x".repeat(padTo)).getBytes(StandardCharsets.US_ASCII) : new byte[0];
    }

    Account account() {
        return account;
    }

    Channel channel() {
        return channel;
    }

    /** Sends one message now (on this session's event loop); it was due at {@code scheduled}. */
    void send(StepStats step, boolean measured, long scheduled, long n) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            step.failed("CLOSED");
            return;
        }
        ByteBuf buf = ch.alloc().buffer(head.length + 96 + padding.length);
        buf.writeBytes(head);
        Payload.write(buf, index, n, step.index, measured, scheduled);
        buf.writeCharSequence("\",\"content\":\"", StandardCharsets.US_ASCII);
        int contentStart = buf.writerIndex();
        Payload.write(buf, index, n, step.index, measured, scheduled);
        int room = padding.length - (buf.writerIndex() - contentStart);
        if (room > 1) {
            buf.writeBytes(padding, 0, room);
        }
        buf.writeByte('"').writeByte('}');
        step.sent(measured, scheduled, run.now());
        ch.writeAndFlush(new TextWebSocketFrame(buf), ch.voidPromise());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            connected.complete(null);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            connected.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            read(frame.content());
        } else if (frame instanceof CloseWebSocketFrame close) {
            run.incident("closed by the server: " + close.statusCode() + " " + close.reasonText());
            closing = true;
            ctx.close();
        }
    }

    private void read(ByteBuf content) {
        int length = content.readableBytes();
        long now = run.now();
        if (content.hasArray()) {
            scanner.scan(content.array(), content.arrayOffset() + content.readerIndex(), length);
        } else {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            content.getBytes(content.readerIndex(), scratch, 0, length);
            scanner.scan(scratch, 0, length);
        }
        Payload payload = scanner.payload;
        StepStats step = scanner.hasPayload ? run.step(payload.step) : null;
        switch (scanner.type) {
            case ACK -> {
                if (scanner.seq > 0 && scanner.inConversation) {
                    stream.own(scanner.seq);
                }
                if (step != null) {
                    step.acked(payload.measured, payload.scheduledNanos, now);
                } else {
                    run.incident("ack of an unknown send");
                }
            }
            case MESSAGE -> {
                if (!scanner.inConversation || scanner.seq < 1) {
                    run.incident("message outside the session's conversation");
                } else if (stream.delivered(scanner.seq) && step != null) {
                    step.delivered(payload.measured, payload.scheduledNanos, now);
                }
            }
            case ERROR -> {
                String code = scanner.code == null ? "ERROR" : scanner.code;
                if (step != null) {
                    step.failed(code);
                } else {
                    run.incident("error frame " + code);
                }
            }
            case OTHER -> {
                // presence, read receipts, notifications: not the load tool's business
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!connected.isDone()) {
            connected.completeExceptionally(cause);
        } else {
            run.incident("connection error: " + cause.getClass().getSimpleName());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!connected.isDone()) {
            connected.completeExceptionally(new IllegalStateException("closed before the WebSocket opened"));
        } else if (!closing) {
            run.incident("connection lost");
        }
        super.channelInactive(ctx);
    }

    /** Closes the socket at the end of the run, without counting it as an incident. */
    void close() {
        closing = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
