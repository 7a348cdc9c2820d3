package im.relay.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a step's rate is one the system sustains (issue 14): sent ≥ 97 % of offered, delivered/s ≥ 95 % of offered ×
 * fan-out, p99 send→deliver ≤ 1 s, ≤ 0.1 % undelivered after the grace period, and the tool's own lateness p99 ≤ 1 s
 * (past that, it is the tool that fell behind, and the step says nothing about the server).
 */
final class Sustainability {

    static final double MIN_SENT_SHARE = 0.97;
    static final double MIN_DELIVERED_SHARE = 0.95;
    static final double MAX_DELIVER_P99_MS = 1_000;
    static final double MAX_UNDELIVERED_SHARE = 0.001;
    static final double MAX_LATENESS_P99_MS = 1_000;
    /** The other figure the ladder reports: the highest rate answered this fast. */
    static final double FAST_P99_MS = 100;

    /** The figures the rule looks at. */
    record Figures(
            double offeredPerS,
            int fanout,
            double sentPerS,
            double deliveredPerS,
            double deliverP99Ms,
            double undeliveredShare,
            double latenessP99Ms) {}

    private Sustainability() {}

    /** The rules a step broke, in words; empty when it is sustainable. */
    static List<String> broken(Figures f) {
        List<String> broken = new ArrayList<>();
        if (f.sentPerS() < MIN_SENT_SHARE * f.offeredPerS()) {
            broken.add(String.format(Locale.ROOT, "sent %.0f/s < 97%% of %.0f/s", f.sentPerS(), f.offeredPerS()));
        }
        double expected = f.offeredPerS() * f.fanout();
        if (f.deliveredPerS() < MIN_DELIVERED_SHARE * expected) {
            broken.add(String.format(Locale.ROOT, "delivered %.0f/s < 95%% of %.0f/s", f.deliveredPerS(), expected));
        }
        if (!(f.deliverP99Ms() <= MAX_DELIVER_P99_MS)) {
            broken.add(String.format(Locale.ROOT, "p99 send→deliver %.0f ms > 1 s", f.deliverP99Ms()));
        }
        if (f.undeliveredShare() > MAX_UNDELIVERED_SHARE) {
            broken.add(String.format(Locale.ROOT, "%.2f%% undelivered after the grace", 100 * f.undeliveredShare()));
        }
        if (f.latenessP99Ms() > MAX_LATENESS_P99_MS) {
            broken.add(String.format(Locale.ROOT, "the tool fell behind: lateness p99 %.0f ms", f.latenessP99Ms()));
        }
        return broken;
    }

    static boolean sustainable(Figures f) {
        return broken(f).isEmpty();
    }

    /** The highest offered rate among sustainable steps, 0 when none was. */
    static double maxSustainable(List<Figures> steps) {
        return steps.stream()
                .filter(Sustainability::sustainable)
                .mapToDouble(Figures::offeredPerS)
                .max()
                .orElse(0);
    }

    /** The highest offered rate among sustainable steps whose p99 send→deliver was within 100 ms, 0 when none. */
    static double maxFast(List<Figures> steps) {
        return steps.stream()
                .filter(f -> sustainable(f) && f.deliverP99Ms() <= FAST_P99_MS)
                .mapToDouble(Figures::offeredPerS)
                .max()
                .orElse(0);
    }
}
