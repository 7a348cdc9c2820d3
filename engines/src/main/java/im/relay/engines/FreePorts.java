package im.relay.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port that is free now, for a server whose address must be known before it starts (a Kafka controller, a
 * neighbour in a test). It is bound later, so another program may take it meanwhile. A port the kernel hands out
 * ({@code new ServerSocket(0)}) lies in the ephemeral range, which every outgoing connection also draws from: a
 * Redis or Kafka client connecting in between took such ports in CI. So the port is picked below that range, where
 * only listeners compete, and only where the kernel says where the range starts.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Above the ports Relay itself uses (8080–8090, 9081–9090, 15432, 16379, 18080–18090, 19092). */
    private static final int LOWEST = 20_000;

    private FreePorts() {}

    public static int take() {
        int ephemeralStart = ephemeralStart();
        for (int attempt = 0; attempt < 100 && ephemeralStart > LOWEST + 1_000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
            if (bindable(candidate)) {
                return candidate;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The first port of the kernel's ephemeral range, or 0 where it cannot be read. Read line by line: {@code
     * Files.readString} trusts the size a /proc file reports and returned only its first character.
     */
    private static int ephemeralStart() {
        try {
            return Integer.parseInt(
                    Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
