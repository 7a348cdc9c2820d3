package im.relay.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every mode shares (where the server is, what to read, where to write), and those of the rate steps. */
final class LoadOptions {

    private LoadOptions() {}

    /** Where the server is, and where the results go. */
    static final class Target {
        @Option(
                names = "--server",
                paramLabel = "URL",
                defaultValue = "${env:RELAY_SERVER:-http://127.0.0.1:8080}",
                description = "The API gateway, for the setup's REST calls (default ${DEFAULT-VALUE}).")
        URI server;

        @Option(
                names = "--ws",
                paramLabel = "URL",
                description = "The WebSocket to open (default: message-gateway at ws://<server host>:8090/ws).")
        URI webSocket;

        @Option(
                names = "--via-gateway",
                description = "Open the WebSocket through the API gateway (<server>/api/chat/ws) instead.")
        boolean viaGateway;

        @Option(
                names = {"-H", "--header"},
                paramLabel = "NAME:VALUE",
                description = "An extra header for the setup's REST calls (repeatable).")
        List<String> headers = new ArrayList<>();

        @Option(
                names = "--server-pid",
                paramLabel = "PID",
                description =
                        "The server's process (e.g. $(pgrep -f launcher)): its CPU per step, and RSS in idle mode.")
        String serverPid;

        @Option(
                names = "--event-loops",
                paramLabel = "N",
                defaultValue = "2",
                description = "Netty event-loop threads for all the sessions (default ${DEFAULT-VALUE}).")
        int eventLoops;

        @Option(
                names = "--setup-concurrency",
                paramLabel = "N",
                defaultValue = "8",
                description = "REST calls in flight during setup (default ${DEFAULT-VALUE}).")
        int setupConcurrency;

        @Option(
                names = "--connect-concurrency",
                paramLabel = "N",
                defaultValue = "200",
                description = "WebSocket handshakes in flight (default ${DEFAULT-VALUE}).")
        int connectConcurrency;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "Where steps.csv and chart.png go (default bench-results/<time>).")
        Path out;

        URI webSocketUri() {
            if (webSocket != null) {
                return webSocket;
            }
            if (viaGateway) {
                return URI.create(server.toString().replaceFirst("^http", "ws").replaceAll("/+$", "") + "/api/chat/ws");
            }
            return URI.create("ws://" + server.getHost() + ":8090/ws");
        }

        Map<String, String> headerMap() {
            Map<String, String> map = new LinkedHashMap<>();
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--header needs NAME:VALUE, not '" + header + "'");
                }
                map.put(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).trim());
            }
            return map;
        }
    }

    /** The timing of each step. */
    record Steps(Duration warmup, Duration duration, Duration grace) {}

    /** One rate, or a ladder of them. */
    static final class Rates {
        @Option(
                names = "--rate",
                paramLabel = "MSG_PER_S",
                defaultValue = "100",
                description = "One step at this total rate (default ${DEFAULT-VALUE}); ignored with --ladder.")
        double rate;

        @Option(names = "--ladder", description = "Raise the rate step by step; stop at the first unsustainable.")
        boolean ladder;

        @Option(
                names = "--start",
                paramLabel = "MSG_PER_S",
                defaultValue = "100",
                description = "The ladder's first rate (default ${DEFAULT-VALUE}).")
        double start;

        @Option(
                names = "--step-factor",
                paramLabel = "F",
                defaultValue = "1.5",
                description = "Each ladder step multiplies the rate by F (default ${DEFAULT-VALUE}).")
        double stepFactor;

        @Option(
                names = "--step-increment",
                paramLabel = "MSG_PER_S",
                description = "Each ladder step adds this instead of multiplying.")
        Double stepIncrement;

        @Option(
                names = "--max-rate",
                paramLabel = "MSG_PER_S",
                defaultValue = "1000000",
                description = "The ladder stops after this rate (default ${DEFAULT-VALUE}).")
        double maxRate;

        @Option(
                names = "--max-steps",
                paramLabel = "N",
                defaultValue = "30",
                description = "The ladder stops after N steps (default ${DEFAULT-VALUE}).")
        int maxSteps;

        @Option(
                names = "--step-duration",
                paramLabel = "TIME",
                defaultValue = "10s",
                converter = Durations.class,
                description = "Measured time per step (default ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(
                names = "--warmup",
                paramLabel = "TIME",
                defaultValue = "2s",
                converter = Durations.class,
                description = "Sending at the step's rate before it is measured (default ${DEFAULT-VALUE}).")
        Duration warmup;

        @Option(
                names = "--grace",
                paramLabel = "TIME",
                defaultValue = "8s",
                converter = Durations.class,
                description = "After a step, how long acks and deliveries may still come (default ${DEFAULT-VALUE}).")
        Duration grace;

        @Option(
                names = "--content-size",
                paramLabel = "CHARS",
                defaultValue = "0",
                description = "Pad each message's content to about this many characters (default: no padding).")
        int contentSize;

        Steps steps() {
            return new Steps(warmup, duration, grace);
        }

        /** The rates to run, in order. */
        List<Double> rates() {
            if (!ladder) {
                return List.of(rate);
            }
            List<Double> rates = new ArrayList<>();
            for (double r = start; r <= maxRate && rates.size() < Math.min(maxSteps, RunState.MAX_STEPS); ) {
                rates.add((double) Math.round(r));
                double next = stepIncrement != null ? r + stepIncrement : r * stepFactor;
                if (next <= r) {
                    break;
                }
                r = next;
            }
            return rates;
        }

        void validate() {
            if (!(rate > 0) || !(start > 0) || !(stepFactor >= 1) || (stepIncrement != null && !(stepIncrement > 0))) {
                throw new IllegalArgumentException(
                        "rates must be positive, --step-factor at least 1 and --step-increment positive");
            }
            if (duration.isZero() || duration.isNegative() || warmup.isNegative() || grace.isNegative()) {
                throw new IllegalArgumentException(
                        "--step-duration must be positive, --warmup and --grace not negative");
            }
        }
    }
}
