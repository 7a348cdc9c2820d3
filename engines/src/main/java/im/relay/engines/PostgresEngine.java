package im.relay.engines;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server: the local one on 127.0.0.1:5432 (trust auth, user {@code postgres}) or an embedded one
 * (zonky, which also runs as root). Each caller gets a database of its own, dropped on {@link #close()}.
 */
public final class PostgresEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresEngine.class);
    private static final String LOCAL_HOST = "127.0.0.1";
    private static final int LOCAL_PORT = 5432;
    private static final String USER = "postgres";
    private static final String HBA_MARKER = "# Relay: a password (SCRAM) for every connection";

    /** A database made for one caller. */
    public record Database(String name, String jdbcUrl, String username, String password) {}

    private final String host;
    private final int port;
    private final EmbeddedPostgres embedded;
    private final String password;
    private final List<String> created = new ArrayList<>();

    private PostgresEngine(String host, int port, EmbeddedPostgres embedded, String password) {
        this.host = host;
        this.port = port;
        this.embedded = embedded;
        this.password = password;
    }

    static PostgresEngine start(EngineMode mode) {
        if (mode != EngineMode.EMBEDDED && localServerAnswers()) {
            log.info("Using the local PostgreSQL on {}:{}", LOCAL_HOST, LOCAL_PORT);
            return new PostgresEngine(LOCAL_HOST, LOCAL_PORT, null, "");
        }
        if (mode == EngineMode.LOCAL) {
            throw new IllegalStateException("no PostgreSQL answers on " + LOCAL_HOST + ":" + LOCAL_PORT);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("unix_socket_directories", System.getProperty("java.io.tmpdir"))
                    .start();
            log.info("Started an embedded PostgreSQL on port {}", postgres.getPort());
            return new PostgresEngine("localhost", postgres.getPort(), postgres, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an embedded PostgreSQL", e);
        }
    }

    /**
     * An embedded PostgreSQL whose data stays in {@code directory} across runs, with fsync on (zonky turns it off for
     * tests): what the one-JVM launcher runs when no database URL is configured. Every connection must give
     * {@code password} (SCRAM), set on the first start; initdb's trust authentication does not outlive it.
     */
    public static PostgresEngine startPersistent(Path dataDirectory, int port, String password) {
        // pg_ctl runs in a directory of its own: a relative data directory would point elsewhere there
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // its owner stops it, after the services that use it (a JVM hook would race them)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // TCP only: pg_ctl hands these options through a shell, where a socket path with a space breaks
                    .setServerConfig("unix_socket_directories", "")
                    // zonky's own readiness check connects too: trust ignores it on the first start, SCRAM needs it
                    // after
                    .setConnectConfig("password", password)
                    .start();
            log.info("Started PostgreSQL on port {} with its data in {}", postgres.getPort(), directory);
            PostgresEngine engine = new PostgresEngine("localhost", postgres.getPort(), postgres, password);
            engine.requirePassword(directory);
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * Stops the PostgreSQL that a killed launcher left running on {@code directory} (found by its
     * {@code postmaster.pid}, and recognised by its program and its {@code -D} argument); answers its pid, or empty
     * when there was none.
     */
    public static OptionalLong stopLeftover(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Optional<ProcessHandle> leftover =
                LeftoverProcess.find(directory.resolve("postmaster.pid"), "postgres", directory);
        leftover.ifPresent(LeftoverProcess::stop);
        return leftover.map(process -> OptionalLong.of(process.pid())).orElse(OptionalLong.empty());
    }

    /**
     * Gives the superuser its password and replaces initdb's trust rules with SCRAM for every connection (once; a data
     * directory from before keeps working and is converted on its next start).
     */
    private void requirePassword(Path directory) {
        Path hba = directory.resolve("pg_hba.conf");
        try {
            if (Files.readString(hba).contains(HBA_MARKER)) {
                return;
            }
            execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(
                    hba,
                    HBA_MARKER + "\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n"
                            + "host all all ::1/128 scram-sha-256\n"
                            + "local all all scram-sha-256\n");
            execute("SELECT pg_reload_conf()");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot require a password in " + hba, e);
        }
    }

    /** Creates the database {@code name} unless it exists; answers its JDBC URL. */
    public synchronized String ensureDatabase(String name) {
        String server = "jdbc:postgresql://" + host + ":" + port;
        ensureDatabase(server, USER, password, name);
        return server + "/" + name;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** Creates the database {@code name} on the server {@code jdbc:postgresql://host:port} unless it exists. */
    public static void ensureDatabase(String server, String username, String password, String name) {
        try (Connection connection = DriverManager.getConnection(server + "/postgres", username, password);
                Statement statement = connection.createStatement()) {
            if (!statement
                    .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")
                    .next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean localServerAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOCAL_HOST, LOCAL_PORT), 500);
        } catch (IOException e) {
            return false;
        }
        try (Connection connection = DriverManager.getConnection(adminUrl(LOCAL_HOST, LOCAL_PORT), USER, "")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            log.info("A server listens on {}:{} but refuses user {}: {}", LOCAL_HOST, LOCAL_PORT, USER, e.getMessage());
            return false;
        }
    }

    private static String adminUrl(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres";
    }

    public boolean embedded() {
        return embedded != null;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Creates an empty database named {@code relay_test_<purpose>_<random>}. */
    public synchronized Database createDatabase(String purpose) {
        String name = "relay_test_" + purpose.replaceAll("[^a-z0-9_]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        execute("CREATE DATABASE " + name);
        created.add(name);
        return new Database(name, "jdbc:postgresql://" + host + ":" + port + "/" + name, USER, password);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl(host, port), USER, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (String name : created) {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                log.warn("Cannot drop {}: {}", name, e.getMessage());
            }
        }
        created.clear();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                log.warn("Stopping the embedded PostgreSQL", e);
            }
        }
    }
}
