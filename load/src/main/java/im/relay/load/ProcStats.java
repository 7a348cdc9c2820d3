package im.relay.load;

import java.io.File;
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

    /**
     * CPU seconds the process's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}) have used,
     * or NaN: a server still compiling its hot code is not yet the server it will be. The JVM starts and stops compiler
     * threads as the work comes and goes; a thread gone since an earlier reading takes its seconds with it, so the
     * difference of two readings may fall short of the compiler's CPU in between, never exceed it.
     */
    static double jitCpuSeconds(String pid) {
        File[] tasks = Path.of("/proc", pid, "task").toFile().listFiles();
        if (tasks == null) {
            return Double.NaN;
        }
        long ticks = 0;
        for (File task : tasks) {
            String stat = read(task.toPath().resolve("stat"));
            if (stat != null && stat.contains(" CompilerThre")) {
                ticks += cpuTicks(stat).orElse(0);
            }
        }
        return ticks / (double) TICKS_PER_SECOND;
    }

    /** The whole machine's CPU: busy (neither idle, waiting for I/O, nor stolen) and stolen by the hypervisor. */
    record Machine(double busySeconds, double stealSeconds) {
        static final Machine UNKNOWN = new Machine(Double.NaN, Double.NaN);
    }

    static Machine machine() {
        return machine(read(Path.of("/proc/stat")));
    }

    /** From the first line of {@code /proc/stat}: user nice system idle iowait irq softirq steal …, in ticks. */
    static Machine machine(String procStat) {
        if (procStat == null || !procStat.startsWith("cpu ")) {
            return Machine.UNKNOWN;
        }
        String[] fields = procStat.lines().findFirst().orElse("").trim().split("\\s+");
        if (fields.length < 9) {
            return Machine.UNKNOWN;
        }
        try {
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) { // user, nice, system, irq, softirq (guest time is in user)
                busy += Long.parseLong(fields[i]);
            }
            long steal = Long.parseLong(fields[8]);
            return new Machine(busy / (double) TICKS_PER_SECOND, steal / (double) TICKS_PER_SECOND);
        } catch (NumberFormatException e) {
            return Machine.UNKNOWN;
        }
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
