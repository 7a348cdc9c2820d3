package im.relay.launcher;

import im.relay.common.config.RelayApplication;
import im.relay.engines.PostgresEngine;
import im.relay.engines.RedisEngine;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code ./relay up}: every service in this JVM, on embedded engines unless options point at external ones. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Runs all eight services in this JVM with embedded PostgreSQL, Redis and Kafka (data under --data),",
            "or against external engines given by the options or their environment variables.",
            "Other arguments (--config FILE, --refresh N, --server.x=y) go to every service."
        })
final class UpCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            defaultValue = "${env:RELAY_DATA:-data}",
            description = "data directory (${DEFAULT-VALUE})")
    Path data;

    @Option(
            names = "--database-url",
            defaultValue = "${env:RELAY_DATABASE_URL}",
            description = "an external PostgreSQL server, e.g. jdbc:postgresql://db:5432 (env RELAY_DATABASE_URL)")
    String databaseUrl;

    @Option(names = "--database-username", defaultValue = "${env:RELAY_DATABASE_USERNAME:-postgres}")
    String databaseUsername;

    @Option(names = "--database-password", defaultValue = "${env:RELAY_DATABASE_PASSWORD:-}")
    String databasePassword;

    @Option(
            names = "--redis-url",
            defaultValue = "${env:REDIS_URL}",
            description = "an external Redis, e.g. redis://cache:6379 (env REDIS_URL)")
    String redisUrl;

    @Option(
            names = "--kafka-bootstrap-servers",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "an external Kafka, e.g. kafka:9092 (env KAFKA_BOOTSTRAP_SERVERS)")
    String kafkaBootstrapServers;

    @Option(names = "--postgres-port", defaultValue = "15432", description = "embedded PostgreSQL (${DEFAULT-VALUE})")
    int postgresPort;

    @Option(names = "--redis-port", defaultValue = "16379", description = "embedded Redis (${DEFAULT-VALUE})")
    int redisPort;

    @Option(names = "--kafka-port", defaultValue = "19092", description = "embedded Kafka (${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--verbose", description = "the services' INFO logs too")
    boolean verbose;

    @Unmatched
    List<String> serviceArguments = new ArrayList<>();

    private final List<ConfigurableApplicationContext> running = new ArrayList<>();
    private Infrastructure engines;
    private FileLock lock;
    private Path engineLog;
    private DataSecrets secrets;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        data = absolute(data);
        try {
            lock = Preflight.lockDataDirectory(data);
            stopLeftovers();
            Preflight.requireFreePorts(ports());
            engineLog = LauncherLogging.configure(data);
            say("Starting the engines (data in %s, their logs in %s) ...", data, engineLog);
            secrets = DataSecrets.in(data);
            engines = Infrastructure.start(this, data, secrets);
            for (Service service : Service.values()) {
                say("Starting %s ...", service.serviceName);
                running.add(RelayApplication.run(
                        service.application, arguments(service).toArray(String[]::new)));
            }
        } catch (Preflight.Refused e) {
            System.err.println("relay up: " + e.getMessage());
            stop();
            return 2;
        } catch (RuntimeException e) {
            System.err.println("relay up: could not start: " + rootMessage(e));
            stop();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping ...");
            stop();
            say("Stopped.");
            stopped.countDown();
        }));
        printReady(Duration.ofNanos(System.nanoTime() - started), engineLog);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private List<String> arguments(Service service) {
        List<String> args = new ArrayList<>(service.arguments(engines, secrets));
        // the launcher's own hook stops the services in order, then the engines; Spring's hooks would race it
        args.add("--spring.main.register-shutdown-hook=false");
        args.add(LauncherLogging.springArgument());
        if (service == Service.PRIVATE_MESSAGES) {
            // uploads (the filesystem media store) live beside the engines' data, so they survive a restart
            args.add("--relay.media.directory=" + data.resolve("media"));
        }
        if (!verbose) {
            args.add("--logging.level.root=WARN");
            // "配置已更新 ..." when --refresh picks up a change: one line per service, on the console
            args.add("--logging.level.im.relay.common.config.ConfigRefresher=INFO");
        }
        args.addAll(serviceArguments);
        return args;
    }

    private Map<Integer, String> ports() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            ports.put(service.httpPort, service.serviceName);
            ports.put(service.managementPort(), service.serviceName + " management");
            if (service.grpcPort != 0) {
                ports.put(service.grpcPort, service.serviceName + " gRPC");
            }
        }
        if (databaseUrl == null) {
            ports.put(postgresPort, "embedded PostgreSQL");
        }
        if (redisUrl == null) {
            ports.put(redisPort, "embedded Redis");
        }
        if (kafkaBootstrapServers == null) {
            ports.put(kafkaPort, "embedded Kafka");
        }
        return ports;
    }

    /**
     * The engines get this path whatever their working directory, so it is made absolute here; a {@code ~} the shell
     * did not expand ({@code --data=~/relay}) means the home directory.
     */
    static Path absolute(Path data) {
        String typed = data.toString();
        if (typed.equals("~") || typed.startsWith("~/")) {
            data = Path.of(System.getProperty("user.home"))
                    .resolve(typed.substring(1).replaceFirst("^/", ""));
        }
        return data.toAbsolutePath().normalize();
    }

    /** A launcher killed without its shutdown (kill -9) leaves its PostgreSQL and Redis running: stop them first. */
    private void stopLeftovers() {
        if (databaseUrl == null) {
            PostgresEngine.stopLeftover(data.resolve("postgres"))
                    .ifPresent(pid -> say("Stopped the PostgreSQL (pid %d) a previous run left behind.", pid));
        }
        if (redisUrl == null) {
            RedisEngine.stopLeftover(data.resolve("redis"))
                    .ifPresent(pid -> say("Stopped the Redis (pid %d) a previous run left behind.", pid));
        }
    }

    private synchronized void stop() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (RuntimeException e) {
                System.err.println("relay up: stopping a service failed: " + e.getMessage());
            }
        }
        running.clear();
        if (engines != null) {
            engines.close();
            engines = null;
        }
        if (lock != null) {
            try {
                lock.release();
                lock.channel().close();
            } catch (IOException e) {
                // the process is ending anyway
            }
            lock = null;
        }
    }

    private static void printReady(Duration took, Path engineLog) {
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        say("");
        say("Relay is up in %.1f s (heap in use %d MB%s).", took.toMillis() / 1000.0, heap >> 20, residentMemory());
        say("  Web chat           http://localhost:8080/");
        say("  Command line       ./relay register <username>   (then ./relay --help)");
        say("  API                http://localhost:8080/api   (e.g. POST http://localhost:8080/api/auth/register)");
        say("  WebSocket          ws://localhost:8090/ws?token=<accessToken>   or ws://localhost:8080/api/chat/ws");
        say("  Metrics            http://localhost:18080/actuator/prometheus   (each service: HTTP port + 10000)");
        say("  Health             http://localhost:18080/actuator/health   (management ports: this machine only)");
        say("  Engine logs        %s", engineLog);
        say("Press Ctrl-C to stop.");
    }

    private static String residentMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> ", resident " + (Long.parseLong(line.replaceAll("\\D", "")) >> 10) + " MB")
                    .findFirst()
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getMessage() + (root != e ? " (" + root + ")" : "");
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
