package im.relay.launcher;

import im.relay.cli.ClientCommands;
import im.relay.load.BenchCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./relay} command. {@code ./relay up} runs the whole system in this JVM; the client commands (from the
 * cli module) talk to a running one:
 *
 * <pre>{@code
 * ./relay up                      # embedded PostgreSQL, Redis and Kafka, data under ./data
 * ./relay up --redis-url redis://cache:6379 --kafka-bootstrap-servers kafka:9092
 * ./relay register alice          # then: login, friends, groups, send, history, tail
 * ./relay bench private --users 1000 --ladder --server-pid $(pgrep -f launcher)   # the load tool (load module)
 * }</pre>
 */
@Command(
        name = "relay",
        mixinStandardHelpOptions = true,
        version = "Relay 0.1.0",
        description = "Relay, a cloud-native instant-messaging system.",
        subcommands = {UpCommand.class, KafkaCommand.class})
public final class RelayLauncher {

    private RelayLauncher() {}

    /** The in-process Kafka broker narrates every step at INFO before any service has configured logging. */
    private static void quietEngines() {
        for (String name : new String[] {"org.apache.kafka", "kafka", "state.change.logger", "io.zonky", "redis"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }

    public static void main(String[] args) {
        quietEngines();
        CommandLine root = ClientCommands.addTo(new CommandLine(new RelayLauncher()));
        int exit = root.addSubcommand(new BenchCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
