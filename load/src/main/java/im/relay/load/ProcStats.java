package im.relay.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of a process, from Linux's /proc: {@code utime + stime} (fields 14 and 15 of
 * {@code /proc/PID/stat}, in clock ticks) and {@code VmRSS} of {@code /proc/PID/status}. Elsewhere, or for a process
 * that is gone, the figures are absent rather than made up.
 */
final class ProcStats {

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux this runs on, asked once to be sure. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStats() {}

    /** CPU seconds (user + system) the process has used, or NaN when /proc cannot tell. */
    static double cpuSeconds(String pid) {
        OptionalLong ticks = cpuTicks(read(Path.of("/proc", pid, "stat")));
        return ticks.isPresent() ? ticks.getAsLong() / (double) TICKS_PER_SECOND : Double.NaN;
    }

    /** The resident set in KiB, or -1. */
    static long rssKib(String pid) {
        String status = read(Path.of("/proc", pid, "status"));
        if (status == null) {
            return -1;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * utime + stime from a stat line. The command name (field 2) is in parentheses and may hold spaces or
     * parentheses itself, so the fields are counted from the last ')'.
     */
    static OptionalLong cpuTicks(String stat) {
        if (stat == null) {
            return OptionalLong.empty();
        }
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // fields[0] is field 3 (state): utime (14) and stime (15) are at 11 and 12
        if (fields.length < 13) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A file's text, or null when it cannot be read (a process that is gone, another OS). */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            if (getconf.waitFor(2, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no getconf: the kernel's USER_HZ is 100 on every architecture Java runs on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
