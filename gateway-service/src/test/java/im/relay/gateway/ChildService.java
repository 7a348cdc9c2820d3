package im.relay.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service in a JVM of its own, started from the test's classpath with the configuration it had in-process, so that
 * a test can kill it as {@code kill -9} does: no shutdown hook, no batch finished, no stream closed.
 */
final class ChildService implements AutoCloseable {

    private final Class<?> application;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;

    private ChildService(Class<?> application, Map<String, String> properties, Path log) {
        this.application = application;
        this.properties = Map.copyOf(properties);
        this.log = log;
    }

    /** Starts it and waits until its gRPC port ({@code spring.grpc.server.port}, fixed) takes connections. */
    static ChildService start(Class<?> application, Map<String, String> properties) {
        try {
            ChildService child = new ChildService(
                    application, properties, Files.createTempFile(application.getSimpleName(), ".log"));
            child.launch();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Class<?> application() {
        return application;
    }

    Map<String, String> properties() {
        return properties;
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again after a {@link #kill}, on the same ports and data. */
    void startAgain() {
        launch();
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                application.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = Integer.parseInt(properties.get("spring.grpc.server.port"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(application.getSimpleName() + " exited; its output: " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(application.getSimpleName() + " did not open port " + port + "; see " + log);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
