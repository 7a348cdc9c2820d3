package im.relay.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What must hold before anything starts: the data directory is ours alone, and every port is free. */
final class Preflight {

    /** Refused to start, with a message for the person at the terminal. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private Preflight() {}

    /** Locks {@code data/.lock} for as long as this process lives; refuses when another instance holds it. */
    static FileLock lockDataDirectory(Path data) {
        try {
            Files.createDirectories(data);
            FileChannel channel =
                    FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new Refused("the data directory " + data.toAbsolutePath()
                        + " is in use by another Relay; stop it first, or start this one with --data <another dir>");
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            throw new Refused("the data directory " + data.toAbsolutePath() + " is already in use by this process");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + data.toAbsolutePath(), e);
        }
    }

    /** Refuses, naming every taken port and what needed it. */
    static void requireFreePorts(Map<Integer, String> ports) {
        List<String> taken = new ArrayList<>();
        ports.forEach((port, owner) -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                taken.add(port + " (" + owner + ")");
            }
        });
        if (!taken.isEmpty()) {
            throw new Refused("these ports are in use: " + String.join(", ", taken)
                    + ". Stop what uses them (another Relay?) and run ./relay up again.");
        }
    }
}
