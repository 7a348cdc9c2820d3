import java.util.concurrent.*;
import java.lang.management.*;
import java.util.concurrent.locks.LockSupport;
public class OT {
  public static void main(String[] a) throws Exception {
    boolean timeout = a[0].equals("on"); boolean wheel = a[0].equals("wheel");
    io.netty.util.HashedWheelTimer timer = new io.netty.util.HashedWheelTimer(Thread.ofPlatform().daemon().factory(), 100, TimeUnit.MILLISECONDS);
    int rate = Integer.parseInt(a[1]);
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ArrayBlockingQueue<CompletableFuture<Integer>> q = new ArrayBlockingQueue<>(1_000_000);
    // producer: creates futures at `rate`/s (in ticks of 1 ms); a completer thread completes them ~5 ms later
    Thread completer = Thread.ofPlatform().start(() -> {
      try { while (true) { var f = q.take(); f.complete(1); } } catch (InterruptedException e) {}
    });
    long end = System.nanoTime() + 15_000_000_000L; long cpu0 = 0; boolean measuring = false; long t0 = 0;
    long perTick = Math.max(1, rate / 1000);
    while (System.nanoTime() < end) {
      for (int i = 0; i < perTick; i++) {
        var f = new CompletableFuture<Integer>();
        if (timeout) f.orTimeout(10, TimeUnit.SECONDS);
        if (wheel) { var t = timer.newTimeout(x -> f.completeExceptionally(new TimeoutException()), 10, TimeUnit.SECONDS); f.whenComplete((r, e) -> t.cancel()); }
        q.add(f);
      }
      if (!measuring && System.nanoTime() > end - 10_000_000_000L) { measuring = true; cpu0 = os.getProcessCpuTime(); t0 = System.nanoTime(); }
      LockSupport.parkNanos(1_000_000);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("orTimeout %s, %d/s: %.3f cores%n", a[0], rate, (os.getProcessCpuTime() - cpu0) / 1e9 / secs);
    System.exit(0);
  }
}
