package dev.nanite.internal.agent;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's default executor for actor calls: as many threads as cores, growing by one
 * whenever its queued calls are starved of threads ({@link Starvation}), up to the prefetch,
 * and shrinking back when the queue drains.
 *
 * <p>Why not a fixed pool of prefetch threads: with dozens of idle threads every call wakes a
 * parked one, and quick actor methods then cost more in hand-offs than in work (the
 * request/reply benchmark measured about twice the agent-side CPU per call). With few threads
 * a busy one takes the next call without a wake-up. Methods that block (I/O, sleeps) still get
 * up to prefetch threads, within milliseconds: a queue where nothing starts is what tells them
 * apart.
 *
 * <p>For the same reason a new call wakes an idle thread only when it needs one: no call is
 * running, more calls wait than run, or calls have lately taken longer than {@link
 * #QUICK_NANOS} ({@link CallQueue}). Otherwise a running thread takes it when done, as
 * amqp-client runs a channel's deliveries one after another; if that thread is held up, the
 * watchdog wakes another within milliseconds.
 */
final class ActorPool extends ThreadPoolExecutor {
  /**
   * Calls that take longer than this on average get a thread woken for them at once: waiting
   * for the running one would cost more than the wake-up (a few microseconds).
   */
  static final long QUICK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final int base;
  private final CallQueue calls;
  private final AtomicInteger running = new AtomicInteger();
  /**
   * A moving average of how long calls run. Updated without a lock: an update lost to a race
   * only makes it lag a little.
   */
  private volatile long runNanos;
  private final ScheduledExecutorService watchdog;
  private final AtomicBoolean watching = new AtomicBoolean();
  private final LongAdder started = new LongAdder();
  private final LongAdder queued = new LongAdder();
  private volatile Runnable onLook = () -> {};
  /** Used by whoever holds {@link #watching}: the thread that set it, then the watchdog. */
  private final Starvation starvation = new Starvation();

  private ActorPool(String identity, int base, int max, ScheduledExecutorService watchdog) {
    super(base, max, 30, TimeUnit.SECONDS, new CallQueue(), daemons(identity));
    this.base = base;
    this.watchdog = watchdog;
    this.calls = (CallQueue) getQueue();
    calls.wakeWhen(this::needsThread);
    allowCoreThreadTimeOut(true);
  }

  /** Whether calls wait to start. */
  boolean hasCallsWaiting() {
    return !calls.isEmpty();
  }

  /**
   * Runs {@code task} at every look of the watchdog, which looks every few milliseconds while
   * calls wait, and once more when none do: the agent writes its deferred acknowledgements.
   */
  void onLook(Runnable task) {
    this.onLook = task;
  }

  /** Whether a call just queued behind {@code queued - 1} others needs an idle thread woken. */
  private boolean needsThread(int queued) {
    int now = running.get();
    return now == 0 || queued > now || runNanos > QUICK_NANOS;
  }

  /**
   * @param maxThreads the most threads it grows to (the agent's prefetch)
   * @param watchdog runs the starvation check while calls are queued
   */
  static ActorPool create(String identity, int maxThreads, ScheduledExecutorService watchdog) {
    int base = Math.min(maxThreads, Math.max(2, Runtime.getRuntime().availableProcessors()));
    return new ActorPool(identity, base, maxThreads, watchdog);
  }

  @Override
  public void execute(Runnable task) {
    super.execute(new Queued(task, System.nanoTime()));
    // Only a call left waiting can starve, and only a grown pool has threads to give back. A
    // call an idle thread took at once needs no check: skipping it saves the watchdog a wake-up
    // per call, which cost each agent's timer thread about 1.6 µs of CPU per request.
    boolean leftWaiting = !calls.isEmpty();
    if (leftWaiting) {
      queued.increment();
    }
    if (leftWaiting || getCorePoolSize() > base) {
      watch();
    }
  }

  @Override
  protected void beforeExecute(Thread thread, Runnable task) {
    started.increment();
    running.incrementAndGet();
    if (task instanceof Queued call) {
      call.startedAt = System.nanoTime();
    }
  }

  @Override
  protected void afterExecute(Runnable task, Throwable failure) {
    running.decrementAndGet();
    if (task instanceof Queued call) {
      long took = System.nanoTime() - call.startedAt;
      runNanos += (took - runNanos) / 8;
    }
  }

  private void watch() {
    if (!isShutdown() && watching.compareAndSet(false, true)) {
      // Winning the flag makes this thread the one that uses the rule, until the watchdog
      // takes the check it schedules; the last check clears the flag when done with it.
      starvation.reset(started.sum(), queued.sum());
      lookLater();
    }
  }

  private void lookLater() {
    try {
      watchdog.schedule(this::check, starvation.nextLookNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      watching.set(false); // the agent is stopping: nothing left to grow for
    }
  }

  private void check() {
    if (isShutdown()) {
      return;
    }
    onLook.run();
    Runnable head = calls.peek();
    if (head == null) {
      // Drained: give back the threads the last burst of slow calls needed.
      int core = getCorePoolSize();
      if (core > base && getActiveCount() < core / 2) {
        setCorePoolSize(Math.max(base, getActiveCount() + 1));
      }
      if (starvation.lookEmpty(queued.sum())) {
        lookLater(); // drained for now, but calls keep coming in and waiting
        return;
      }
      watching.set(false);
      if (!calls.isEmpty()) {
        watch(); // a call came in between the look and the reset
      }
      return;
    }
    long waited = head instanceof Queued call ? System.nanoTime() - call.since : 0;
    boolean canGrow = getCorePoolSize() < getMaximumPoolSize();
    if (starvation.look(started.sum(), queued.sum(), waited,
        canGrow || calls.hasWaitingThread())) {
      // An idle thread first (the queue may not have woken one); else a new one.
      if (!calls.wakeOne() && canGrow) {
        setCorePoolSize(getCorePoolSize() + 1);
      }
    }
    lookLater();
  }

  private static java.util.concurrent.ThreadFactory daemons(String identity) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "nanite-actor-" + identity + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A call, when it was queued and when it started. */
  private static final class Queued implements Runnable {
    private final Runnable task;
    private final long since;
    /** Set and read by the thread that runs it. */
    private long startedAt;

    Queued(Runnable task, long since) {
      this.task = task;
      this.since = since;
    }

    @Override
    public void run() {
      task.run();
    }
  }
}
