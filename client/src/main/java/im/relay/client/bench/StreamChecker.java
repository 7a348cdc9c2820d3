package im.relay.client.bench;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * What one recipient saw of one conversation, checked against the delivery contract: each message once (by messageId
 * and by seq), in increasing seq order, and no seq skipped.
 *
 * <p>The recipient's own sends never reach its listener, so their acknowledged seqs are added with {@link #own}: they
 * fill the stream for the gap count, but not for the order check, because an ack completes when it arrives: before the
 * listener got the messages below it, or after it got those the ack released. Synchronized: the listener and the send
 * futures of one recipient may report from different threads.
 */
final class StreamChecker {

    private final Set<String> messageIds = new HashSet<>();
    private final BitSet seqs = new BitSet();
    private final BitSet ownSeqs = new BitSet();
    private long first = Long.MAX_VALUE;
    private long lastPassed;
    private long duplicates;
    private long ownEchoes;
    private long outOfOrder;

    /**
     * A message the listener got; answers whether it was new (false for a repeat, which is counted). One that is new
     * but below a seq already passed on counts as out of order.
     */
    synchronized boolean delivered(String messageId, long seq) {
        if (seqs.get(index(seq)) || !messageIds.add(messageId)) {
            duplicates++;
            if (ownSeqs.get(index(seq))) {
                ownEchoes++;
            }
            return false;
        }
        if (seq < lastPassed) {
            outOfOrder++;
        }
        lastPassed = Math.max(lastPassed, seq);
        mark(seq);
        return true;
    }

    /** A seq the recipient itself sent (its send was acknowledged with it). */
    synchronized void own(long seq) {
        ownSeqs.set(index(seq));
        if (seqs.get(index(seq))) {
            duplicates++;
            ownEchoes++; // the listener got one's own send: the contract says it must not
            return;
        }
        mark(seq);
    }

    /**
     * Seqs missing between the first one seen and the last one passed to the listener. The connection passes messages
     * on in order, so a seq missing below that is one it skipped; one's own acks above it may still wait for messages
     * on their way (those that never come count as missing deliveries).
     */
    synchronized long gaps() {
        if (lastPassed == 0 || first > lastPassed) {
            return 0;
        }
        long span = lastPassed - first + 1;
        return span - seqs.get(index(first), index(lastPassed) + 1).cardinality();
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /** Duplicates that were one's own sends reaching the listener too (a subset of {@link #duplicates}). */
    synchronized long ownEchoes() {
        return ownEchoes;
    }

    synchronized long outOfOrder() {
        return outOfOrder;
    }

    /** The seqs seen (messages and one's own), for reports and tests. */
    synchronized long seen() {
        return seqs.cardinality();
    }

    private void mark(long seq) {
        seqs.set(index(seq));
        first = Math.min(first, seq);
    }

    private static int index(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
        return (int) seq;
    }
}
