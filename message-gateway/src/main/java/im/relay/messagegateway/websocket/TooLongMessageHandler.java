package im.relay.messagegateway.websocket;

import im.relay.messagegateway.cluster.CloseCodes;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import reactor.netty.NettyPipeline;

/**
 * Closes with 1009 a message that exceeds the size limit in fragments. Netty closes a single oversized frame with
 * 1009 itself, but the fragment aggregator only raises an error, which Reactor Netty would answer by dropping the
 * connection (1006). Sits right after the aggregator.
 */
final class TooLongMessageHandler extends ChannelInboundHandlerAdapter {

    private static final String NAME = "relay.tooLongMessage";

    /** After {@code session.receive()} was called, which adds the aggregator. */
    static void install(Channel channel) {
        if (channel.pipeline().get(NAME) == null && channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
            channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, NAME, new TooLongMessageHandler());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            context.writeAndFlush(new CloseWebSocketFrame(CloseCodes.TOO_BIG, CloseCodes.reason(CloseCodes.TOO_BIG)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        context.fireExceptionCaught(cause);
    }
}
