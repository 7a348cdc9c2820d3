package im.relay.load;

import java.util.BitSet;
import java.util.List;

/**
 * What one session saw of its conversation, checked against API.md's delivery contract: every message once, in seq
 * order, no seq skipped, and every message another member got acked reaches it. The session's own sends never come
 * back as {@code message} frames (the sending session gets only the ack); their acked seqs are kept apart, so that
 * they fill the stream without counting as deliveries. Written by the session's event loop, read by the main thread
 * after a step: synchronized, never contended on the hot path.
 */
final class StreamChecker {

    /** Problems found; each should be 0. */
    record Counts(long gaps, long duplicates, long outOfOrder, long missing) {
        static final Counts NONE = new Counts(0, 0, 0, 0);

        long total() {
            return gaps + duplicates + outOfOrder + missing;
        }

        Counts plus(Counts other) {
            return new Counts(
                    gaps + other.gaps,
                    duplicates + other.duplicates,
                    outOfOrder + other.outOfOrder,
                    missing + other.missing);
        }
    }

    private final BitSet received = new BitSet();
    private final BitSet own = new BitSet();
    private long lastDelivered;
    private long duplicates;
    private long outOfOrder;

    /** A {@code message} frame for this conversation; answers whether it was new (a repeat is counted, not passed). */
    synchronized boolean delivered(long seq) {
        int index = index(seq);
        if (received.get(index) || own.get(index)) {
            duplicates++;
            return false;
        }
        if (seq < lastDelivered) {
            outOfOrder++;
        }
        lastDelivered = Math.max(lastDelivered, seq);
        received.set(index);
        return true;
    }

    /** The seq of one of this session's own sends, from its ack. */
    synchronized void own(long seq) {
        int index = index(seq);
        if (received.get(index)) {
            duplicates++; // the sending session got its own message pushed: the contract says it must not
        }
        own.set(index);
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long outOfOrder() {
        return outOfOrder;
    }

    synchronized BitSet ownSeqs() {
        return (BitSet) own.clone();
    }

    private synchronized BitSet receivedSeqs() {
        return (BitSet) received.clone();
    }

    /** The highest seq acked to any member of a conversation: where the next step's checks start. */
    static int maxAcked(List<StreamChecker> members) {
        int max = 0;
        for (StreamChecker member : members) {
            max = Math.max(max, member.ownSeqs().length() - 1);
        }
        return max;
    }

    /**
     * Gaps and missing messages of one conversation's members, counted among seqs above {@code afterSeq}: a missing
     * message is one acked to a member and not delivered to another; a gap is a seq no member was acked and that some
     * member's stream skipped (below the highest seq it saw). Duplicates and disorder are counted as they happen, over
     * the whole run.
     */
    static Counts check(List<StreamChecker> members, int afterSeq) {
        BitSet acked = new BitSet();
        for (StreamChecker member : members) {
            acked.or(member.ownSeqs());
        }
        long gaps = 0, missing = 0, duplicates = 0, outOfOrder = 0;
        for (StreamChecker member : members) {
            BitSet mine = member.ownSeqs();
            BitSet seen = member.receivedSeqs();
            BitSet expected = (BitSet) acked.clone();
            expected.andNot(mine);
            expected.andNot(seen);
            expected.clear(0, afterSeq + 1);
            missing += expected.cardinality();

            seen.or(mine);
            int highest = seen.length() - 1;
            int lowest = Math.max(afterSeq + 1, Math.max(1, seen.nextSetBit(0)));
            if (highest >= lowest) {
                BitSet holes = new BitSet();
                holes.set(lowest, highest + 1);
                holes.andNot(seen);
                holes.andNot(acked);
                gaps += holes.cardinality();
            }
            duplicates += member.duplicates();
            outOfOrder += member.outOfOrder();
        }
        return new Counts(gaps, duplicates, outOfOrder, missing);
    }

    private static int index(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
        return (int) seq;
    }
}
