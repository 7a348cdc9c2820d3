package im.relay.launcher;

import im.relay.engines.KafkaEngine;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./relay kafka}: only the Kafka broker (KRaft, in this process), for running the services as processes of
 * their own (scripts/start-all.sh) on a machine without a Kafka installation. Production uses a real cluster.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true, description = "Runs a single-node Kafka broker (KRaft).")
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data/kafka", description = "its data directory (${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--port", defaultValue = "9092", description = "its port (${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        try {
            Preflight.requireFreePorts(Map.of(port, "Kafka"));
        } catch (Preflight.Refused e) {
            System.err.println("relay kafka: " + e.getMessage());
            return 2;
        }
        KafkaEngine kafka = KafkaEngine.start(data, port, false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }));
        System.out.println("Kafka is up on " + kafka.bootstrapServers() + " (data in " + data.toAbsolutePath() + ")");
        stopped.await();
        return 0;
    }
}
