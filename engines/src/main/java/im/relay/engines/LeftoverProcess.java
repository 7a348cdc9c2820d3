package im.relay.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An engine process that a killed launcher (kill -9, an OOM kill) left running on its data directory. It is found
 * through the pid file the engine writes into that directory and recognised as ours only when the process is that
 * engine's program and still works on that directory (its command line names it, or it runs in it): a stale pid
 * file whose number now belongs to another process is never acted on.
 */
final class LeftoverProcess {

    private static final Duration GRACE = Duration.ofSeconds(15);

    private LeftoverProcess() {}

    /**
     * The process named by {@code pidFile} (its first line), when it runs {@code program} on {@code directory}.
     */
    static Optional<ProcessHandle> find(Path pidFile, String program, Path directory) {
        long pid;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            pid = Long.parseLong(lines.getFirst().strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // no pid file, or a torn one: nothing of ours is running from it
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> runs(process, program))
                .filter(process -> worksOn(process, directory.toAbsolutePath().normalize()));
    }

    /** Stops the process: SIGTERM, then SIGKILL if it has not ended within the grace period. */
    static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot stop process " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean runs(ProcessHandle process, String program) {
        return process.info()
                .command()
                .map(command -> Path.of(command).getFileName().toString().startsWith(program))
                .orElse(false);
    }

    /** Its command line names the directory, or (a server that rewrites its title, like Redis) it runs in it. */
    private static boolean worksOn(ProcessHandle process, Path directory) {
        String commandLine = commandLine(process);
        if (commandLine.contains(directory.toString())) {
            return true;
        }
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"));
            return cwd.normalize().equals(directory);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // not Linux, or not ours to inspect
        }
    }

    private static String commandLine(ProcessHandle process) {
        try {
            // NUL-separated arguments, unlike ProcessHandle.Info, which drops them when they look too long
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")))
                    .replace('\0', ' ');
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }
}
