package im.relay.cli;

import im.relay.sdk.Group;
import im.relay.sdk.HttpRelayClient;
import im.relay.sdk.RelayClient;
import im.relay.sdk.RelayException;
import im.relay.sdk.User;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every client command shares: the server, the saved login, plain or {@code --json} output on stdout, errors on
 * stderr as {@code relay: CODE: detail}, and an exit status by kind of failure ({@link ExitCodes}).
 */
abstract class ClientCommand implements Callable<Integer> {

    static final String DEFAULT_SERVER = "http://localhost:8080";
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    @Spec
    CommandSpec spec;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description =
                    "The API gateway (default: where you logged in, else $RELAY_SERVER, else " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--json", description = "Print JSON instead of plain text.")
    boolean json;

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            description =
                    "Where the login is kept (default: $RELAY_CONFIG_DIR, else $XDG_CONFIG_HOME/relay, else ~/.config/relay).")
    Path configDir;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "NAME:VALUE",
            description = "An extra HTTP header for every request, as for a proxy in front of Relay (repeatable).")
    List<String> headers = new ArrayList<>();

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (RelayException e) {
            err().println("relay: " + e.getMessage());
            err().flush();
            return ExitCodes.of(e);
        }
    }

    abstract int run() throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    SessionStore store() {
        return new SessionStore(configDir != null ? configDir : SessionStore.defaultDirectory());
    }

    /** The server named by option, else the saved login's, else $RELAY_SERVER, else localhost. */
    URI serverUri() {
        if (server != null) {
            return URI.create(server);
        }
        return store().load().map(saved -> URI.create(saved.server())).orElseGet(() -> {
            String env = System.getenv("RELAY_SERVER");
            return URI.create(env != null && !env.isBlank() ? env : DEFAULT_SERVER);
        });
    }

    /** A client for a new login, which the command saves itself. */
    HttpRelayClient anonymousClient() {
        return withHeaders(HttpRelayClient.builder(serverUri())).build();
    }

    private HttpRelayClient.Builder withHeaders(HttpRelayClient.Builder builder) {
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new ParameterException(spec.commandLine(), "--header needs NAME:VALUE, not '" + header + "'");
            }
            builder.header(
                    header.substring(0, colon).trim(),
                    header.substring(colon + 1).trim());
        }
        return builder;
    }

    /** A client signed in with the saved login; refreshed tokens are saved again. */
    RelayClient session() {
        SessionStore store = store();
        SessionStore.Saved saved = store.load()
                .orElseThrow(() -> new RelayException(401, "NOT_LOGGED_IN", "log in first: ./relay login <username>"));
        URI uri = server != null ? URI.create(server) : URI.create(saved.server());
        RelayClient client = withHeaders(HttpRelayClient.builder(uri))
                .onTokensRefreshed(
                        tokens -> store.save(new SessionStore.Saved(uri.toString(), saved.username(), tokens)))
                .build();
        client.resume(saved.tokens());
        return client;
    }

    void saveLogin(RelayClient client, String username) {
        store().save(new SessionStore.Saved(serverUri().toString(), username, client.tokens()));
    }

    /** Prints {@code value} as JSON with {@code --json}, else the plain lines. */
    void print(Object value, String plain) {
        if (json) {
            out().println(JSON.writeValueAsString(value));
        } else if (!plain.isEmpty()) {
            out().println(plain);
        }
        out().flush();
    }

    /** A user named by username or id. */
    static User user(RelayClient client, String nameOrId) {
        return UUID.matcher(nameOrId).matches()
                ? client.users().get(nameOrId)
                : client.users().byUsername(nameOrId);
    }

    /** One of my groups, by id or by name (case-insensitive, which must name one). */
    static Group group(RelayClient client, String nameOrId) {
        if (UUID.matcher(nameOrId).matches()) {
            return client.groups().get(nameOrId);
        }
        List<Group> named = client.groups().mine().stream()
                .filter(group -> group.name().equalsIgnoreCase(nameOrId))
                .toList();
        if (named.isEmpty()) {
            throw new RelayException(404, "NOT_FOUND", "you are in no group named '" + nameOrId + "'");
        }
        if (named.size() > 1) {
            throw new RelayException(
                    400, "AMBIGUOUS", "you are in " + named.size() + " groups named '" + nameOrId + "': use its id");
        }
        return named.get(0);
    }
}
