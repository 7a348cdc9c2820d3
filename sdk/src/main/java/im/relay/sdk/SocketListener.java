package im.relay.sdk;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The JDK socket's callbacks for one socket, handed on with the socket's number (so that those of a socket given up
 * can be ignored). Text arriving in parts is joined into one frame first.
 */
final class SocketListener implements WebSocket.Listener {

    /** Where the callbacks go; each must only queue its work, not do it on the socket's thread. */
    interface Events {
        void text(int socketNumber, String text);

        void ping(int socketNumber);

        void closed(int socketNumber, int code, String reason);
    }

    private final int socketNumber;
    private final Events events;
    private final StringBuilder partial = new StringBuilder();

    SocketListener(int socketNumber, Events events) {
        this.socketNumber = socketNumber;
        this.events = events;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            events.text(socketNumber, text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        events.ping(socketNumber);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.closed(socketNumber, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.closed(socketNumber, -1, String.valueOf(error));
    }
}
