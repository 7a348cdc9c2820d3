package im.relay.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a local server JVM after a full collection, through the JDK's {@code jcmd} ({@code GC.run}, then
 * {@code GC.heap_info}) and {@code /proc/PID/smaps}: the live heap, and the resident memory outside the heap's address
 * range (thread stacks, direct buffers, metaspace, code). A JVM's resident memory alone says little about one session:
 * the heap is committed and touched in large steps and given back in others, so sessions can fit inside what is
 * already resident or seem to free memory. The live heap plus the resident memory outside it is what sessions cost.
 * Absent when {@code jcmd} is missing (a JRE) or the process is not a JVM of this user.
 */
final class HeapProbe {

    private static final Pattern HEAP =
            Pattern.compile("committed \\d+K, used (\\d+)K \\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)");
    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");
    private static final long TIMEOUT_SECONDS = 60;

    /** Live heap, and resident memory outside the heap's addresses (-1 unknown), in KiB. */
    record Heap(long liveKib, long outsideHeapResidentKib) {}

    private HeapProbe() {}

    static Optional<Heap> afterFullCollection(String pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (pid == null || !Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        if (run(jcmd, pid, "GC.run") == null) {
            return Optional.empty();
        }
        return parse(run(jcmd, pid, "GC.heap_info"), ProcStats.read(Path.of("/proc", pid, "smaps")));
    }

    /**
     * The first heap line of {@code GC.heap_info}'s answer (G1, Parallel and Serial all print "committed …K, used …K
     * [start, end)"), and the {@code Rss} of every mapping of {@code smaps} outside the heap's [start, end).
     */
    static Optional<Heap> parse(String heapInfo, String smaps) {
        if (heapInfo == null) {
            return Optional.empty();
        }
        Matcher heap = HEAP.matcher(heapInfo);
        if (!heap.find()) {
            return Optional.empty();
        }
        long start = Long.parseUnsignedLong(heap.group(2), 16);
        long end = Long.parseUnsignedLong(heap.group(3), 16);
        return Optional.of(new Heap(Long.parseLong(heap.group(1)), residentOutside(smaps, start, end)));
    }

    private static long residentOutside(String smaps, long heapStart, long heapEnd) {
        if (smaps == null) {
            return -1;
        }
        long outside = 0;
        boolean inHeap = false;
        for (String line : smaps.split("\n")) {
            Matcher mapping = MAPPING.matcher(line);
            if (mapping.find()) {
                long start = Long.parseUnsignedLong(mapping.group(1), 16);
                long end = Long.parseUnsignedLong(mapping.group(2), 16);
                inHeap = Long.compareUnsigned(start, heapStart) >= 0 && Long.compareUnsigned(end, heapEnd) <= 0;
            } else if (line.startsWith("Rss:") && !inHeap) {
                outside += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return outside;
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
