package im.relay.engines;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/** A Redis server: the local one on 127.0.0.1:6379 or an embedded one (Redis 6.2) on a free port. */
public final class RedisEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisEngine.class);
    private static final String HOST = "127.0.0.1";
    private static final int LOCAL_PORT = 6379;
    private static final String PID_FILE = "redis.pid";

    private final int port;
    private final RedisServer embedded;
    private final String password;

    private RedisEngine(int port, RedisServer embedded, String password) {
        this.port = port;
        this.embedded = embedded;
        this.password = password;
    }

    static RedisEngine start(EngineMode mode) {
        if (mode != EngineMode.EMBEDDED && answersPing(LOCAL_PORT)) {
            log.info("Using the local Redis on {}:{}", HOST, LOCAL_PORT);
            return new RedisEngine(LOCAL_PORT, null, "");
        }
        if (mode == EngineMode.LOCAL) {
            throw new IllegalStateException("no Redis answers on " + HOST + ":" + LOCAL_PORT);
        }
        try {
            int port = FreePorts.take();
            RedisServer server = RedisServer.newRedisServer()
                    .bind(HOST)
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            log.info("Started an embedded Redis on port {}", port);
            return new RedisEngine(port, server, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded Redis", e);
        }
    }

    /**
     * An embedded Redis that keeps its data in {@code directory} (append-only file only) across runs and wants
     * {@code password} from every client.
     */
    public static RedisEngine startPersistent(Path dataDirectory, int port, String password) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            RedisServer server = RedisServer.newRedisServer()
                    .bind(HOST)
                    .port(port)
                    .setting("dir " + quoted(directory))
                    .setting("pidfile " + quoted(directory.resolve(PID_FILE)))
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    // the append-only file is the data; with RDB snapshots too, a Redis that cannot write its
                    // directory any more (disk full, directory gone) refuses to shut down, and a stop hung forever
                    .setting("save \"\"")
                    .setting("requirepass " + quoted(password))
                    .build();
            server.start();
            log.info("Started Redis on port {} with its data in {}", port, directory);
            return new RedisEngine(port, server, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Redis in " + directory, e);
        }
    }

    /**
     * Stops the Redis that a killed launcher left running on {@code directory} (found by its pid file there, and
     * recognised by its program and working directory); answers its pid, or empty when there was none.
     */
    public static OptionalLong stopLeftover(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Optional<ProcessHandle> leftover = LeftoverProcess.find(directory.resolve(PID_FILE), "redis-server", directory);
        leftover.ifPresent(LeftoverProcess::stop);
        return leftover.map(process -> OptionalLong.of(process.pid())).orElse(OptionalLong.empty());
    }

    /** A value as Redis's configuration file reads it: quoted, so that spaces in a path survive. */
    private static String quoted(Object value) {
        return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static boolean answersPing(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public boolean embedded() {
        return embedded != null;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** With the password, when there is one: {@code redis://:password@127.0.0.1:port}. */
    public String url() {
        String credentials = password.isEmpty() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return "redis://" + credentials + HOST + ":" + port;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (IOException e) {
                log.warn("Stopping the embedded Redis", e);
            }
        }
    }
}
