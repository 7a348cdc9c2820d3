package im.relay.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** An upstream that answers with the request headers it received, one "name: value" per line, names lower-case. */
final class EchoServer implements AutoCloseable {

    private final HttpServer server;

    private EchoServer(HttpServer server) {
        this.server = server;
    }

    static EchoServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String headers = exchange.getRequestHeaders().entrySet().stream()
                        .map(e -> e.getKey().toLowerCase() + ": " + String.join(",", e.getValue()))
                        .sorted()
                        .collect(Collectors.joining("\n"));
                byte[] body = headers.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new EchoServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
