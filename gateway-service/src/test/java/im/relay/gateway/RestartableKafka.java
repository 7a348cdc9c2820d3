package im.relay.gateway;

import im.relay.common.testing.TestServices;
import im.relay.engines.KafkaEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process Kafka broker on a fixed port and directory, so that a test can stop it (Kafka is down) and start it
 * again with its data, as an operator restarting a broker would.
 */
final class RestartableKafka implements AutoCloseable {

    private final Path directory;
    private final int port;
    private KafkaEngine engine;

    private RestartableKafka(Path directory, int port) {
        this.directory = directory;
        this.port = port;
        this.engine = KafkaEngine.start(directory, port, false);
    }

    static RestartableKafka start() {
        try {
            return new RestartableKafka(Files.createTempDirectory("relay-system-kafka"), TestServices.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    synchronized void stop() {
        engine.close();
        engine = null;
    }

    synchronized void restart() {
        if (engine == null) {
            engine = KafkaEngine.start(directory, port, false);
        }
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
