package im.relay.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void takesABindablePortOutsideTheKernelsEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int port = FreePorts.take();
        if (Files.exists(range)) {
            int ephemeralStart =
                    Integer.parseInt(Files.readAllLines(range).getFirst().trim().split("\\s+")[0]);
            assertThat(port).isBetween(20_000, ephemeralStart - 1);
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void skipsAPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(FreePorts.take(), 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 200; i++) {
                assertThat(FreePorts.take()).isNotEqualTo(taken.getLocalPort());
            }
        }
    }
}
