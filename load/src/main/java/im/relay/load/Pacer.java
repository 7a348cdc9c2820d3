package im.relay.load;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Sends one event loop's share of a step's schedule from that loop itself, so that a send is a plain write on its own
 * channel, never a task handed across threads. Each tick sends every send that has come due, each stamped with when it
 * was due; a tick that runs late sends the backlog at once and the lateness is recorded (nothing is skipped, nothing
 * is re-based), so a tool that cannot keep up shows it in its own lateness figures.
 */
final class Pacer {

    private final EventLoop loop;
    private final Session[] bySender;
    private final int[] own;
    private final RunState run;

    private OpenLoopSchedule.Cursor cursor;
    private StepStats step;
    private long measureFrom;
    private long end;
    private CountDownLatch done;

    /** {@code sessions} are all the run's senders, by sender index; this pacer sends for those on {@code loop}. */
    Pacer(EventLoop loop, List<Session> sessions, RunState run) {
        this.loop = loop;
        this.run = run;
        this.bySender = sessions.toArray(Session[]::new);
        this.own = sessions.stream()
                .filter(s -> s.channel() != null && s.channel().eventLoop() == loop)
                .mapToInt(s -> s.index)
                .toArray();
    }

    boolean hasSenders() {
        return own.length > 0;
    }

    /**
     * Runs the step's schedule on this loop: sends due in {@code [schedule start, end)}, measured from
     * {@code measureFrom}; counts {@code done} down when the last is out.
     */
    void start(OpenLoopSchedule schedule, StepStats step, long measureFrom, long end, CountDownLatch done) {
        loop.execute(() -> {
            this.cursor = schedule.cursor(own);
            this.step = step;
            this.measureFrom = measureFrom;
            this.end = end;
            this.done = done;
            tick();
        });
    }

    private void tick() {
        long now = run.now();
        long due = cursor.dueAt();
        while (due < end && due <= now) {
            // the clientMsgId holds the step too, so the per-step send number keeps it unique over the run
            bySender[cursor.sender()].send(step, due >= measureFrom, due, cursor.sendNumber());
            cursor.advance();
            due = cursor.dueAt();
            now = run.now();
        }
        if (due >= end) {
            done.countDown();
        } else {
            loop.schedule(this::tick, due - now, TimeUnit.NANOSECONDS);
        }
    }
}
