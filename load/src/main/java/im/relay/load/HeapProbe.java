package im.relay.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of a local server JVM after a full collection, through the JDK's {@code jcmd} ({@code GC.run}, then
 * {@code GC.heap_info}): what is live, and what the JVM holds committed. A JVM's resident memory alone says little
 * about one session: the heap is committed in large steps and given back in others, so sessions can fit inside what
 * is already resident or seem to free memory. The live heap after a full collection, with the resident memory outside
 * the committed heap, is what the sessions cost. Absent when {@code jcmd} is missing (a JRE) or the process is not a
 * JVM of this user.
 */
final class HeapProbe {

    private static final Pattern HEAP = Pattern.compile("committed (\\d+)K, used (\\d+)K");
    private static final long TIMEOUT_SECONDS = 60;

    /** Live and committed heap, in KiB. */
    record Heap(long liveKib, long committedKib) {}

    private HeapProbe() {}

    static Optional<Heap> afterFullCollection(String pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (pid == null || !Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        if (run(jcmd, pid, "GC.run") == null) {
            return Optional.empty();
        }
        return parse(run(jcmd, pid, "GC.heap_info"));
    }

    /** The first heap line of {@code GC.heap_info}'s answer (G1, Parallel and Serial all print "committed …K, used …K"). */
    static Optional<Heap> parse(String heapInfo) {
        if (heapInfo == null) {
            return Optional.empty();
        }
        Matcher heap = HEAP.matcher(heapInfo);
        return heap.find()
                ? Optional.of(new Heap(Long.parseLong(heap.group(2)), Long.parseLong(heap.group(1))))
                : Optional.empty();
    }

    private static String run(Path jcmd, String pid, String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), pid, command)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
