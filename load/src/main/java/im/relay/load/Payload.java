package im.relay.load;

import io.netty.buffer.ByteBuf;

/**
 * What a send carries so that its ack, its deliveries and its error frames can be attributed without a table of
 * sent messages: the clientMsgId and the content are both {@code sender.n.step.measured.scheduledNanos}, ASCII digits
 * (the content may be padded after a {@code ~}). The scheduled time is {@link System#nanoTime()} minus the run's
 * origin: sender and receivers are this one process, so the clocks agree and latency is measured from when the send
 * was due, not from when it went out (no coordinated omission).
 */
final class Payload {

    static final int FIELDS = 5;

    int sender;
    long n;
    int step;
    boolean measured;
    long scheduledNanos;

    /** Writes {@code sender.n.step.measured.scheduled} as ASCII. */
    static void write(ByteBuf out, int sender, long n, int step, boolean measured, long scheduledNanos) {
        writeLong(out, sender);
        out.writeByte('.');
        writeLong(out, n);
        out.writeByte('.');
        writeLong(out, step);
        out.writeByte('.');
        out.writeByte(measured ? '1' : '0');
        out.writeByte('.');
        writeLong(out, scheduledNanos);
    }

    static String toString(int sender, long n, int step, boolean measured, long scheduledNanos) {
        return sender + "." + n + "." + step + "." + (measured ? 1 : 0) + "." + scheduledNanos;
    }

    /** Reads the fields from {@code chars[offset, offset+length)}; false (and this unchanged) when it is no payload. */
    boolean read(char[] chars, int offset, int length) {
        long s = 0, number = 0, stepIndex = 0, flag = 0, scheduled = 0;
        int field = 0;
        long value = 0;
        int digits = 0;
        int end = offset + length;
        for (int i = offset; i <= end && field < FIELDS; i++) {
            char c = i < end ? chars[i] : '~';
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return false;
                }
                value = value * 10 + (c - '0');
                continue;
            }
            if ((c != '.' && c != '~') || digits == 0 || (c == '.' && field == FIELDS - 1)) {
                return false;
            }
            switch (field++) {
                case 0 -> s = value;
                case 1 -> number = value;
                case 2 -> stepIndex = value;
                case 3 -> flag = value;
                default -> scheduled = value;
            }
            value = 0;
            digits = 0;
            if (c == '~' && field < FIELDS) {
                return false;
            }
        }
        if (field != FIELDS || s > Integer.MAX_VALUE || stepIndex > Integer.MAX_VALUE || flag > 1) {
            return false;
        }
        sender = (int) s;
        n = number;
        step = (int) stepIndex;
        measured = flag == 1;
        scheduledNanos = scheduled;
        return true;
    }

    boolean read(String text) {
        return read(text.toCharArray(), 0, text.length());
    }

    /** Decimal digits straight into the buffer: no String per number on the send path. */
    private static void writeLong(ByteBuf out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        long divisor = 1;
        while (divisor <= value / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte('0' + (int) (value / divisor % 10));
        }
    }
}
