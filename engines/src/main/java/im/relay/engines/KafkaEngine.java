package im.relay.engines;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one KRaft node that is both broker and controller, on free ports, with its logs
 * in a directory of its own. Replication factors are 1, so it is for one machine only.
 */
public final class KafkaEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEngine.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path directory;
    private final boolean deleteOnClose;

    private KafkaEngine(KafkaRaftServer server, String bootstrapServers, Path directory, boolean deleteOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.directory = directory;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker whose data lives in a temporary directory, deleted on {@link #close()}. */
    public static KafkaEngine startTemporary() {
        try {
            return start(Files.createTempDirectory("relay-kafka"), 0, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a broker on {@code port} (0 for any free port) with its data in {@code directory}, formatting the
     * directory on first use.
     */
    public static KafkaEngine start(Path dataDirectory, int port, boolean deleteOnClose) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            int brokerPort = port == 0 ? FreePorts.take() : port;
            int controllerPort = FreePorts.take();
            Path logs = directory.resolve("logs");
            Files.createDirectories(logs);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logs.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "4");
            // one broker on a laptop's cores, next to the services: 1 network and 2 request threads, not 3 and 8
            props.put("num.network.threads", "1");
            props.put("num.io.threads", "2");
            props.put("auto.create.topics.enable", "true");
            // the log cleaner's 128 MB default dedupe buffer dominates the heap of a small broker
            props.put("log.cleaner.dedupe.buffer.size", "8388608");
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            if (!Files.exists(logs.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setDirectories(List.of(logs.toString()))
                        .setMetadataLogDirectory(logs.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + brokerPort;
            log.info("Started an in-process Kafka broker on {}", bootstrap);
            return new KafkaEngine(server, bootstrap, directory, deleteOnClose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                log.warn("Cannot delete {}", directory, e);
            }
        }
    }
}
