package im.relay.load;

import io.netty.channel.EventLoop;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The measured part of a private or group run: step after step, every connected session sends on the open-loop
 * schedule for a warm-up and a measured window, then the step drains (until every send is answered and every ack
 * delivered, or the grace period ends) and is judged. CPU is read from /proc at the window's start and end, the
 * server's with {@code --server-pid} and the tool's own.
 */
final class MessageRun {

    private final List<Session> sessions;
    private final Map<String, List<StreamChecker>> conversations;
    private final int fanout;
    private final RunState run;
    private final LoadOptions.Steps options;
    private final String serverPid;
    private final List<Pacer> pacers = new ArrayList<>();
    private final Map<String, Integer> checkedUpTo = new HashMap<>();
    private long duplicatesSoFar;
    private long outOfOrderSoFar;

    MessageRun(
            List<Session> sessions,
            int fanout,
            RunState run,
            List<EventLoop> loops,
            LoadOptions.Steps options,
            String serverPid) {
        this.sessions = sessions;
        this.fanout = fanout;
        this.run = run;
        this.options = options;
        this.serverPid = serverPid;
        this.conversations = new HashMap<>();
        sessions.forEach(s -> conversations
                .computeIfAbsent(s.conversationId, c -> new ArrayList<>())
                .add(s.stream));
        for (EventLoop loop : loops) {
            Pacer pacer = new Pacer(loop, sessions, run);
            if (pacer.hasSenders()) {
                pacers.add(pacer);
            }
        }
    }

    /** Runs the steps at {@code rates} in order, printing each row; a ladder stops after the first unsustainable. */
    List<StepResult> run(List<Double> rates, boolean ladder, PrintWriter out) throws InterruptedException {
        List<StepResult> results = new ArrayList<>();
        out.println(Report.tableHeader());
        out.flush();
        for (int i = 0; i < rates.size(); i++) {
            StepResult result = step(i, rates.get(i));
            results.add(result);
            out.println(Report.tableRow(result));
            out.flush();
            if (ladder && !result.sustainable()) {
                break;
            }
        }
        return results;
    }

    /** Every stream of the run checked from its start, after the last step's grace. */
    StreamChecker.Counts total() {
        StreamChecker.Counts total = StreamChecker.Counts.NONE;
        for (List<StreamChecker> members : conversations.values()) {
            total = total.plus(StreamChecker.check(members, 0));
        }
        return total;
    }

    private StepResult step(int index, double rate) throws InterruptedException {
        long start = run.now() + TimeUnit.MILLISECONDS.toNanos(100);
        long windowStart = start + options.warmup().toNanos();
        long windowEnd = windowStart + options.duration().toNanos();
        StepStats stats = new StepStats(index, rate, windowStart, windowEnd, run.timeline());
        run.open(stats);
        OpenLoopSchedule schedule = new OpenLoopSchedule(rate, sessions.size(), start);
        CountDownLatch sent = new CountDownLatch(pacers.size());
        pacers.forEach(pacer -> pacer.start(schedule, stats, windowStart, windowEnd, sent));

        sleepUntil(windowStart);
        double server0 = serverCpu();
        double jit0 = serverJit();
        double own0 = ProcStats.cpuSeconds("self");
        ProcStats.Machine machine0 = ProcStats.machine();
        sleepUntil(windowEnd);
        double server1 = serverCpu();
        double jit1 = serverJit();
        double own1 = ProcStats.cpuSeconds("self");
        ProcStats.Machine machine1 = ProcStats.machine();

        long graceEnd = windowEnd + options.grace().toNanos();
        sent.await(Math.max(0, graceEnd - run.now()), TimeUnit.NANOSECONDS);
        while (run.now() < graceEnd && !stats.settled(fanout)) {
            Thread.sleep(20);
        }
        Cpu cpu = new Cpu(
                server1 - server0,
                own1 - own0,
                Math.max(0, jit1 - jit0), // a compiler thread that ended in between took its seconds along
                machine1.busySeconds() - machine0.busySeconds(),
                machine1.stealSeconds() - machine0.stealSeconds());
        return judge(stats, rate, cpu);
    }

    /** CPU seconds over a step's measured window. */
    private record Cpu(double server, double own, double serverJit, double machineBusy, double machineSteal) {}

    private StepResult judge(StepStats stats, double rate, Cpu cpu) {
        StreamChecker.Counts cumulative = StreamChecker.Counts.NONE;
        Map<String, Integer> maxAcked = new HashMap<>();
        for (Map.Entry<String, List<StreamChecker>> conversation : conversations.entrySet()) {
            int after = checkedUpTo.getOrDefault(conversation.getKey(), 0);
            cumulative = cumulative.plus(StreamChecker.check(conversation.getValue(), after));
            maxAcked.put(conversation.getKey(), StreamChecker.maxAcked(conversation.getValue()));
        }
        checkedUpTo.putAll(maxAcked);
        StreamChecker.Counts problems = new StreamChecker.Counts(
                cumulative.gaps(),
                cumulative.duplicates() - duplicatesSoFar,
                cumulative.outOfOrder() - outOfOrderSoFar,
                cumulative.missing());
        duplicatesSoFar = cumulative.duplicates();
        outOfOrderSoFar = cumulative.outOfOrder();

        double seconds = options.duration().toNanos() / 1e9;
        long expected = stats.sentMeasured.sum() * fanout;
        double undelivered = expected == 0 ? 0 : Math.max(0, 1 - stats.deliveredMeasured.sum() / (double) expected);
        StepStats.Histograms h = stats.histograms();
        double sentPerS = stats.sentInWindow.sum() / seconds;
        double deliveredPerS = stats.deliveredInWindow.sum() / seconds;
        StepResult.Latency deliver = StepResult.Latency.of(h.deliver());
        StepResult.Latency lateness = StepResult.Latency.of(h.lateness());
        List<String> broken = Sustainability.broken(
                StepResult.figures(rate, fanout, sentPerS, deliveredPerS, deliver.p99(), undelivered, lateness.p99()));
        return new StepResult(
                stats.index,
                rate,
                fanout,
                seconds,
                sentPerS,
                stats.ackedInWindow.sum() / seconds,
                deliveredPerS,
                StepResult.Latency.of(h.ack()),
                deliver,
                lateness,
                cpu.server(),
                cpu.own(),
                cpu.serverJit(),
                cpu.machineBusy(),
                cpu.machineSteal(),
                stats.sentInWindow.sum(),
                stats.errors(),
                problems,
                undelivered,
                broken);
    }

    private double serverCpu() {
        return serverPid == null ? Double.NaN : ProcStats.cpuSeconds(serverPid);
    }

    private double serverJit() {
        return serverPid == null ? Double.NaN : ProcStats.jitCpuSeconds(serverPid);
    }

    private void sleepUntil(long runNanos) {
        long remaining;
        while ((remaining = runNanos - run.now()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
