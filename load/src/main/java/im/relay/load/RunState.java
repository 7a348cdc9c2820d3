package im.relay.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every session of a run shares: the run's clock origin, the steps (found by the index a payload carries) and the
 * incidents that belong to no step (closes, connection errors, frames that could not be read or attributed).
 */
final class RunState {

    static final int MAX_STEPS = 256;

    private final long origin = System.nanoTime();
    private final Timeline timeline = new Timeline(System.currentTimeMillis());
    private final AtomicReferenceArray<StepStats> steps = new AtomicReferenceArray<>(MAX_STEPS);
    private final Map<String, LongAdder> incidents = new ConcurrentHashMap<>();

    /** Nanoseconds since the run began: the clock of every payload. */
    long now() {
        return System.nanoTime() - origin;
    }

    /** The {@link System#nanoTime()} of a run time, to sleep until it. */
    long toNanoTime(long runNanos) {
        return origin + runNanos;
    }

    Timeline timeline() {
        return timeline;
    }

    void open(StepStats step) {
        steps.set(step.index, step);
    }

    /** The step a payload names, or null for one this run did not open (not a send of this run). */
    StepStats step(int index) {
        return index >= 0 && index < MAX_STEPS ? steps.get(index) : null;
    }

    void incident(String what) {
        incidents.computeIfAbsent(what, w -> new LongAdder()).increment();
    }

    Map<String, Long> incidents() {
        Map<String, Long> copy = new TreeMap<>();
        incidents.forEach((what, count) -> copy.put(what, count.sum()));
        return copy;
    }
}
