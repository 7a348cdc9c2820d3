package im.relay.load;

import picocli.CommandLine.Command;

/**
 * {@code ./relay bench}: Relay's load tool. Start the server with the limits lifted, then run a mode:
 *
 * <pre>{@code
 * ./relay up --config scripts/bench-config.yaml
 * ./relay bench private --users 1000 --ladder --start 500 --step-factor 1.5 --server-pid $(pgrep -f launcher) --out results/
 * ./relay bench group --members 200 --ladder --start 50 --server-pid $(pgrep -f launcher)
 * ./relay bench idle --users 10000 --server-pid $(pgrep -f launcher)
 * }</pre>
 *
 * Add it to a picocli root with {@code root.addSubcommand(new BenchCommand())}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Relay's load tool: many WebSocket sessions from one process on Netty, open-loop sends with latency from the"
                    + " scheduled time, a rate ladder, server and own CPU, and per-stream correctness checks.",
            "Start the server with --config scripts/bench-config.yaml: its per-address and per-connection limits would"
                    + " otherwise refuse a load test in its first seconds."
        },
        subcommands = {MessageCommand.Private.class, MessageCommand.Group.class, IdleCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step ran and every stream was complete (gaps, duplicates, order, missing all 0)",
            "1:a correctness check failed, or nothing was acknowledged",
            "2:usage error",
            "3:setup failed (server unreachable, a setup call refused, no session opened)"
        })
public final class BenchCommand {

    static final int CORRECTNESS_FAILED = 1;
    static final int SETUP_FAILED = 3;
}
