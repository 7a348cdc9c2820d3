package im.relay.cli;

import im.relay.sdk.HttpRelayClient;
import im.relay.sdk.RelayClient;
import im.relay.sdk.RelayException;
import im.relay.sdk.User;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** register, login, logout, whoami and delete-account. */
final class AccountCommands {

    private AccountCommands() {}

    /** The password: from the option, else $RELAY_PASSWORD, else asked on the terminal. */
    private static String password(String given, boolean confirm) {
        if (given != null && !given.isEmpty()) {
            return given;
        }
        String env = System.getenv("RELAY_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        if (System.console() == null) {
            throw new RelayException(400, "VALIDATION_FAILED", "no password: use --password or $RELAY_PASSWORD");
        }
        String password = new String(System.console().readPassword("Password: "));
        if (confirm && !password.equals(new String(System.console().readPassword("Again: ")))) {
            throw new RelayException(400, "VALIDATION_FAILED", "the passwords differ");
        }
        return password;
    }

    private static String describe(User user) {
        return user.username() + (user.displayName().equals(user.username()) ? "" : " (" + user.displayName() + ")")
                + "  " + user.id();
    }

    @Command(name = "register", description = "Create an account and log in as it.", footer = ExitCodes.HELP)
    static final class Register extends ClientCommand {
        @Parameters(paramLabel = "USERNAME", description = "3–32 of letters, digits, _ . -")
        String username;

        @Option(
                names = "--password",
                paramLabel = "PASSWORD",
                description = "8–128 characters (default: $RELAY_PASSWORD, else asked).")
        String password;

        @Option(names = "--nickname", description = "The name others see (default: the username).")
        String nickname;

        @Override
        int run() {
            try (HttpRelayClient client = anonymousClient()) {
                User user = client.register(username, password(password, true), nickname);
                saveLogin(client, user.username());
                print(user, "registered and logged in as " + describe(user));
                return ExitCodes.OK;
            }
        }
    }

    @Command(
            name = "login",
            description = "Log in; the session is kept in your config directory.",
            footer = ExitCodes.HELP)
    static final class Login extends ClientCommand {
        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--password", paramLabel = "PASSWORD", description = "Default: $RELAY_PASSWORD, else asked.")
        String password;

        @Override
        int run() {
            try (HttpRelayClient client = anonymousClient()) {
                User user = client.login(username, password(password, false), "DESKTOP");
                saveLogin(client, user.username());
                print(user, "logged in as " + describe(user));
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "logout", description = "End the saved session, here and on the server.", footer = ExitCodes.HELP)
    static final class Logout extends ClientCommand {
        @Override
        int run() {
            SessionStore store = store();
            if (store.load().isEmpty()) {
                print(Map.of("loggedOut", false), "not logged in");
                return ExitCodes.OK;
            }
            try (RelayClient client = session()) {
                client.logout();
            } catch (RelayException e) {
                if (e.status() != 401) {
                    throw e; // the server keeps the session: keep the file, so that logout can be tried again
                }
            }
            store.delete();
            print(Map.of("loggedOut", true), "logged out");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "delete-account",
            description = "Delete the saved session's account for good (sessions end; messages stay, shown as a"
                    + " deleted user).",
            footer = ExitCodes.HELP)
    static final class DeleteAccount extends ClientCommand {
        @Option(names = "--password", paramLabel = "PASSWORD", description = "Default: $RELAY_PASSWORD, else asked.")
        String password;

        @Option(names = "--yes", required = true, description = "Confirms the deletion (required).")
        boolean yes;

        @Override
        int run() {
            try (RelayClient client = session()) {
                client.users().deleteAccount(password(password, false));
            }
            store().delete();
            print(Map.of("deleted", true), "account deleted");
            return ExitCodes.OK;
        }
    }

    @Command(name = "whoami", description = "Who the saved session is.", footer = ExitCodes.HELP)
    static final class WhoAmI extends ClientCommand {
        @Override
        int run() {
            try (RelayClient client = session()) {
                User me = client.users().me();
                print(me, describe(me) + "  on " + serverUri());
                return ExitCodes.OK;
            }
        }
    }
}
