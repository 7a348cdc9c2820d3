package im.relay.load;

/**
 * When each send is due, decided before the run and never moved by the server's answers (open loop). With a total
 * rate R over N senders, each sender sends at R/N per second and sender k starts k/R seconds after the others' start,
 * so the senders are spread evenly: sender k's j-th send is due at {@code start + (j·N + k)/R}. Merged, that is
 * event i at {@code start + i/R} by sender {@code i mod N}: one even stream, whatever N is.
 *
 * <pre>{@code
 * OpenLoopSchedule schedule = new OpenLoopSchedule(500, 1000, System.nanoTime());
 * OpenLoopSchedule.Cursor mine = schedule.cursor(new int[] {0, 2, 4}); // the senders of one event loop
 * while (mine.dueAt() <= now) { send(mine.sender(), mine.dueAt()); mine.advance(); }
 * }</pre>
 */
final class OpenLoopSchedule {

    private final double rate;
    private final int senders;
    private final long startNanos;

    OpenLoopSchedule(double ratePerSecond, int senders, long startNanos) {
        if (!(ratePerSecond > 0) || senders < 1) {
            throw new IllegalArgumentException("the rate and the number of senders must be positive");
        }
        this.rate = ratePerSecond;
        this.senders = senders;
        this.startNanos = startNanos;
    }

    /** When event {@code i} (of all senders) is due. */
    long dueAt(long event) {
        return startNanos + Math.round(event * 1e9 / rate);
    }

    int sender(long event) {
        return (int) (event % senders);
    }

    /** Each sender's own rate: the total over the senders. */
    double perSenderRate() {
        return rate / senders;
    }

    /** How many sends are due in {@code [start, end)}. */
    long eventsBefore(long endNanos) {
        long count = (long) Math.ceil((endNanos - startNanos) * rate / 1e9);
        while (count > 0 && dueAt(count - 1) >= endNanos) {
            count--;
        }
        while (dueAt(count) < endNanos) {
            count++;
        }
        return Math.max(0, count);
    }

    /** The sends of some senders only, in due order: one event loop walks the senders it owns. */
    Cursor cursor(int[] ownSenders) {
        return new Cursor(ownSenders.clone());
    }

    final class Cursor {
        private final int[] own;
        private long round;
        private int index;

        private Cursor(int[] own) {
            java.util.Arrays.sort(own);
            for (int sender : own) {
                if (sender < 0 || sender >= senders) {
                    throw new IllegalArgumentException("no sender " + sender);
                }
            }
            this.own = own;
        }

        boolean isEmpty() {
            return own.length == 0;
        }

        int sender() {
            return own[index];
        }

        /** The number of the sender's current send (0, 1, 2, …), part of its clientMsgId. */
        long sendNumber() {
            return round;
        }

        long dueAt() {
            return OpenLoopSchedule.this.dueAt(round * senders + own[index]);
        }

        void advance() {
            if (++index == own.length) {
                index = 0;
                round++;
            }
        }
    }
}
