package dev.nanite.internal.agent;

import java.lang.management.ManagementFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The agent's default executor for actor calls: as many threads as cores, growing by one
 * whenever a call has waited {@link #STARVED_NANOS} in the queue while the calls look blocked
 * (below), up to the prefetch, and shrinking back when the queue drains.
 *
 * <p>Why not a fixed pool of prefetch threads: with dozens of idle threads every call wakes a
 * parked one, and quick actor methods then cost more in hand-offs than in work (the
 * request/reply benchmark measured about twice the agent-side CPU per call). With few threads
 * a busy one takes the next call without a wake-up. Methods that block (I/O, sleeps) still get
 * up to prefetch threads, within milliseconds.
 *
 * <p>A queue that does not drain is not enough to tell them apart: on a saturated machine quick
 * calls wait too, and more threads only add hand-offs and context switches (in the push
 * benchmark each agent's pool grew from 2 to 4 or 5 threads, which then never left: a steady
 * load never lets a thread idle for the keep-alive time). So the
 * pool grows only when its calls look blocked: slow by the clock (a mean of at least
 * {@link #LONG_CALL_NANOS}) or none finished for {@link #STARVED_NANOS} (every thread stuck,
 * say on a nested call queued behind them). While the process uses all but half a core, both
 * bars rise to {@link #BLOCKED_WHEN_SATURATED_NANOS} and ten times that: preemption makes
 * quick calls look slow then, but not that slow, and blocked calls still need threads, not
 * CPU.
 */
final class ActorPool extends ThreadPoolExecutor {
  /** How long a call may wait, with every thread busy, before the pool adds a thread. */
  static final long STARVED_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /** Calls that take this long on average, by the clock, are taken for blocking ones. */
  static final long LONG_CALL_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
  /** On a saturated machine, the mean call time that still marks calls as blocking. */
  static final long BLOCKED_WHEN_SATURATED_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long CHECK_MILLIS = 1;
  /** The weight of a new call's duration in the running mean: 1 / 2^MEAN_SHIFT. */
  private static final int MEAN_SHIFT = 5;
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  /**
   * How long the process's CPU use is averaged over: the JVM reads it in clock ticks (10 ms on
   * Linux), so a millisecond's reading says nothing.
   */
  private static final long CPU_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** This process's CPU time in nanoseconds, or 0 where the JVM does not tell it. */
  private static final LongSupplier PROCESS_CPU = processCpu();

  private final int base;
  private final int max;
  private final ScheduledExecutorService watchdog;
  private final AtomicBoolean watching = new AtomicBoolean();
  private final LongAdder finished = new LongAdder();
  /**
   * A running mean of how long calls take, updated without a lock: a lost update only delays
   * the mean by a call. One preempted quick call moves it by 1/32 of the delay.
   */
  private volatile long meanCallNanos;
  /** When a call last finished, as the watchdog saw it; reset when it starts watching. */
  private volatile long progressAt = System.nanoTime();
  // The watchdog thread's:
  private long finishedAtCheck;
  /** The start of the current CPU measurement window, and the process's CPU time then. */
  private long windowStart = System.nanoTime();
  private long cpuAtWindowStart = PROCESS_CPU.getAsLong();
  /** Whether the process used all but half a core over the last whole window. */
  private boolean saturated;
  /** Whether the maximum is lowered to the core size until the threads above it have left. */
  private boolean retiring;

  private ActorPool(String identity, int base, int max, ScheduledExecutorService watchdog) {
    super(base, max, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons(identity));
    this.base = base;
    this.max = max;
    this.watchdog = watchdog;
    allowCoreThreadTimeOut(true);
  }

  /**
   * @param maxThreads the most threads it grows to (the agent's prefetch)
   * @param watchdog runs the starvation check, every millisecond while calls are queued
   */
  static ActorPool create(String identity, int maxThreads, ScheduledExecutorService watchdog) {
    int base = Math.min(maxThreads, Math.max(2, Runtime.getRuntime().availableProcessors()));
    return new ActorPool(identity, base, maxThreads, watchdog);
  }

  @Override
  public void execute(Runnable task) {
    super.execute(new Queued(task, System.nanoTime()));
    if (!getQueue().isEmpty() || getCorePoolSize() > base) {
      // A call left waiting needs watching, and so does a grown pool (the check gives threads
      // back once the queue drains); a call an idle thread of the base pool took at once does
      // not (under a steady load of quick calls, most are), and each watch costs a wake-up.
      watch();
    }
  }

  private void watch() {
    if (!isShutdown() && watching.compareAndSet(false, true)) {
      progressAt = System.nanoTime(); // an idle pool is not a stuck one
      try {
        watchdog.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        watching.set(false); // the agent is stopping: nothing left to grow for
      }
    }
  }

  private void check() {
    if (isShutdown()) {
      return;
    }
    if (retiring && getPoolSize() <= getCorePoolSize()) {
      setMaximumPoolSize(max);
      retiring = false;
    }
    Runnable head = getQueue().peek();
    if (head == null) {
      // Drained: give back the threads the last burst of slow calls needed.
      int core = getCorePoolSize();
      if (core > base && getActiveCount() < core / 2) {
        int smaller = Math.max(base, getActiveCount() + 1);
        setCorePoolSize(smaller);
        // Threads above the core size only leave once idle for the keep-alive time, which
        // under steady load they never are (the queue hands calls to every waiting thread in
        // turn): a maximum at the core size makes them leave after their current call.
        setMaximumPoolSize(smaller);
        retiring = true;
      }
      watching.set(false);
      if (!getQueue().isEmpty()) {
        watch(); // a call came in between the look and the reset
      }
      return;
    }
    long now = System.nanoTime();
    boolean blocking = callsLookBlocked(now);
    if (head instanceof Queued queued && now - queued.since >= STARVED_NANOS && blocking
        && getCorePoolSize() < max) {
      if (retiring) {
        setMaximumPoolSize(max);
        retiring = false;
      }
      setCorePoolSize(getCorePoolSize() + 1); // starts a thread for the queued calls
    }
    try {
      watchdog.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      watching.set(false);
    }
  }

  /** The growth rule's test (see the class comment); updates the watchdog's measurements. */
  private boolean callsLookBlocked(long now) {
    long done = finished.sum();
    if (done != finishedAtCheck) {
      finishedAtCheck = done;
      progressAt = now;
    }
    if (now - windowStart >= CPU_WINDOW_NANOS) {
      long cpu = PROCESS_CPU.getAsLong();
      saturated = cpu - cpuAtWindowStart >= (now - windowStart) * (CORES - 0.5);
      windowStart = now;
      cpuAtWindowStart = cpu;
    }
    long mean = meanCallNanos;
    long stuckFor = now - progressAt;
    if (saturated) {
      // Preemption stretches quick calls on a saturated machine to a few hundred µs, not to
      // milliseconds: calls that take that long, or no call finishing for ten times that, are
      // blocked threads, which need no CPU to wait (a fuzz test starved 200 ms calls on two
      // threads while its own load held the CPU).
      return mean >= BLOCKED_WHEN_SATURATED_NANOS
          || stuckFor >= BLOCKED_WHEN_SATURATED_NANOS * 10;
    }
    return mean >= LONG_CALL_NANOS || stuckFor >= STARVED_NANOS;
  }

  private static java.util.concurrent.ThreadFactory daemons(String identity) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "nanite-actor-" + identity + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static LongSupplier processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os && os.getProcessCpuTime() >= 0) {
      return os::getProcessCpuTime;
    }
    return () -> 0L; // unknown: every core counts as idle, as before this rule
  }

  private void ran(long nanos) {
    finished.increment();
    long mean = meanCallNanos;
    meanCallNanos = mean + ((nanos - mean) >> MEAN_SHIFT);
  }

  /** A call and when it was queued; it times itself for the growth rule. */
  private final class Queued implements Runnable {
    final Runnable task;
    final long since;

    Queued(Runnable task, long since) {
      this.task = task;
      this.since = since;
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      try {
        task.run();
      } finally {
        ran(System.nanoTime() - start);
      }
    }
  }
}
