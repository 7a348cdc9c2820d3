package im.relay.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** The command line every Relay service understands; anything else is handed to Spring unchanged. */
@Command(
        name = "relay-service",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Configuration, highest first: environment variables; the --config file; --k8s-config Secret and",
            "ConfigMap directories; the first of config.yaml, config.json, config.toml, .env in the working",
            "directory; built-in defaults."
        })
final class LaunchOptions {

    static final Path DEFAULT_K8S_SECRETS = Path.of("/secrets");

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "A YAML, JSON, TOML or .env file that overrides the defaults and the working directory's file.")
    Path configFile;

    @Option(
            names = "--refresh",
            paramLabel = "SECONDS",
            description = "Re-read the configuration every SECONDS seconds and apply the live keys without a restart.")
    Integer refreshSeconds;

    @Option(
            names = "--k8s-config",
            arity = "0..1",
            paramLabel = "DIR",
            fallbackValue = "/config",
            description = "Read a mounted ConfigMap directory (default /config) and follow its updates.")
    Path k8sConfigDir;

    @Option(
            names = "--k8s-secrets",
            paramLabel = "DIR",
            description = "The mounted Secret directory read with --k8s-config (default /secrets, skipped if absent).")
    Path k8sSecretsDir;

    @Unmatched
    List<String> springArgs = new ArrayList<>();

    boolean helpRequested;

    static LaunchOptions parse(String... args) {
        LaunchOptions options = new LaunchOptions();
        CommandLine commandLine = new CommandLine(options).setUnmatchedArgumentsAllowed(true);
        CommandLine.ParseResult result;
        try {
            result = commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + commandLine.getUsageMessage(), e);
        }
        if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
            options.helpRequested = true;
        }
        if (options.refreshSeconds != null && options.refreshSeconds < 1) {
            throw new IllegalArgumentException("--refresh must be at least 1 second, got " + options.refreshSeconds);
        }
        if (options.k8sSecretsDir != null && options.k8sConfigDir == null) {
            throw new IllegalArgumentException("--k8s-secrets needs --k8s-config");
        }
        return options;
    }

    static String usage() {
        return new CommandLine(new LaunchOptions()).getUsageMessage();
    }

    boolean kubernetes() {
        return k8sConfigDir != null;
    }

    Path secretsDir() {
        return k8sSecretsDir != null ? k8sSecretsDir : DEFAULT_K8S_SECRETS;
    }
}
