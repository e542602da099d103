package dev.nanite.internal.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default actor pool: few threads for quick calls, up to the maximum for blocking ones. */
class ActorPoolTest {
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
  private final ActorPool pool = ActorPool.create("test", 32, watchdog);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    watchdog.shutdownNow();
    assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
  }

  @Test
  void quickCallsRunOnTheBaseThreads() throws Exception {
    warmUp();
    int base = pool.getCorePoolSize();
    runQuickCalls(pool);
    // A pool with a thread per prefetch slot would use all 32; a few over the base is the
    // machine's noise (a descheduled thread looks like a starved queue).
    assertTrue(pool.getLargestPoolSize() <= base + 4,
        "quick calls grew the pool to " + pool.getLargestPoolSize() + " threads, base " + base);
  }

  @Test
  void quickCallsOnASaturatedCpuStayOnTheBaseThreads() throws Exception {
    warmUp();
    int base = pool.getCorePoolSize();
    // Twice as many spinning threads as cores: the pool's threads get the CPU now and then,
    // calls wait for it for milliseconds, yet keep starting.
    AtomicBoolean spin = new AtomicBoolean(true);
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread spinner = new Thread(() -> {
        while (spin.get()) {
          Thread.onSpinWait();
        }
      });
      spinner.setDaemon(true);
      spinner.start();
      spinners.add(spinner);
    }
    try {
      runCalls(pool, 5_000, 50_000);
    } finally {
      spin.set(false);
      for (Thread spinner : spinners) {
        spinner.join(5_000);
      }
    }
    assertTrue(pool.getLargestPoolSize() <= base + 2, "quick calls on a saturated CPU grew the"
        + " pool to " + pool.getLargestPoolSize() + " threads, base " + base);
  }

  /**
   * A cold JVM's first calls are slow (class loading, interpretation) and may rightly grow a
   * pool: warm up on another pool, then count on the test's.
   */
  private void warmUp() throws InterruptedException {
    ActorPool cold = ActorPool.create("warm-up", 32, watchdog);
    try {
      runQuickCalls(cold);
    } finally {
      cold.shutdownNow();
    }
  }

  private static void runQuickCalls(ActorPool pool) throws InterruptedException {
    runCalls(pool, 10_000, 0);
  }

  /** Runs {@code count} calls, each busy for {@code workNanos} of CPU. */
  private static void runCalls(ActorPool pool, int count, long workNanos)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(count);
    Semaphore prefetch = new Semaphore(32); // as the broker's prefetch bounds an agent's calls
    for (int i = 0; i < count; i++) {
      assertTrue(prefetch.tryAcquire(10, TimeUnit.SECONDS));
      pool.execute(() -> {
        long start = System.nanoTime();
        while (System.nanoTime() - start < workNanos) {
          Thread.onSpinWait();
        }
        prefetch.release();
        done.countDown();
      });
    }
    assertTrue(done.await(30, TimeUnit.SECONDS));
  }

  @Test
  void aQuickCallBehindOneThatBlocksGetsAnIdleThreadFromTheWatchdog() throws Exception {
    // A fresh pool with every thread parked: no call has run, so calls count as quick, and no
    // thread finishing earlier calls can take the next one on its own, with no wake-up to test.
    pool.prestartAllCoreThreads();
    CallQueue queue = (CallQueue) pool.getQueue();
    awaitParked(queue, pool.getPoolSize());
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    pool.execute(blockingCall(blocking, release, null));
    assertTrue(blocking.await(10, TimeUnit.SECONDS));
    awaitParked(queue, pool.getPoolSize() - 1);
    try {
      long queued = System.nanoTime();
      CompletableFuture<Long> started = new CompletableFuture<>();
      pool.execute(() -> started.complete(System.nanoTime()));
      long waited = started.get(10, TimeUnit.SECONDS) - queued;
      // No idle thread was woken for it at once (the running call was expected back soon);
      // the watchdog's first look found it waiting with nothing started, and woke one.
      assertTrue(waited >= Starvation.FIRST_LOOK_NANOS,
          "started after " + waited + " ns, before the watchdog's first look");
      assertTrue(pool.getLargestPoolSize() <= pool.getCorePoolSize(),
          "an idle thread took it, none was added: " + pool.getLargestPoolSize());
    } finally {
      release.countDown();
    }
  }

  @Test
  void blockingCallsGetAThreadEachUpToTheMaximumAndGiveThemBack() throws Exception {
    int base = pool.getCorePoolSize();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch allRunning = new CountDownLatch(20);
    CountDownLatch finished = new CountDownLatch(20);
    for (int i = 0; i < 20; i++) {
      pool.execute(blockingCall(allRunning, release, finished));
    }
    assertTrue(allRunning.await(10, TimeUnit.SECONDS), "all 20 blocking calls run at once");
    release.countDown();
    assertTrue(finished.await(10, TimeUnit.SECONDS));
    pool.execute(() -> { }); // the next call's check sees the queue drained and shrinks
    // That check runs on the watchdog 2 ms from now; a task due later on the same single
    // thread runs after it.
    int core = watchdog.schedule(pool::getCorePoolSize, 100, TimeUnit.MILLISECONDS)
        .get(10, TimeUnit.SECONDS);
    assertTrue(core <= base + 1, "the pool back to its base size: core " + core);
  }

  /** A call that counts {@code running} down, waits for {@code release}, then counts {@code
   * finished} down (if not null). */
  @Test
  void theWatchdogLooksWhileCallsWaitAndOnceMoreWhenNoneDo() throws Exception {
    ActorPool single = ActorPool.create("single", 1, watchdog);
    AtomicInteger looksWhileWaiting = new AtomicInteger();
    AtomicInteger looksWhenDrained = new AtomicInteger();
    // The agent writes its deferred acknowledgements at these looks.
    single.onLook(() -> (single.hasCallsWaiting() ? looksWhileWaiting : looksWhenDrained)
        .incrementAndGet());
    try {
      CountDownLatch running = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch quickDone = new CountDownLatch(1);
      single.execute(blockingCall(running, release, null));
      assertTrue(running.await(10, TimeUnit.SECONDS));
      single.execute(quickDone::countDown); // waits behind the blocked one: its only thread
      assertTrue(single.hasCallsWaiting());
      await("two looks while a call waits", () -> looksWhileWaiting.get() >= 2);
      release.countDown();
      assertTrue(quickDone.await(10, TimeUnit.SECONDS));
      await("a look once no call waits", () -> looksWhenDrained.get() >= 1);
    } finally {
      single.shutdownNow();
    }
  }

  private static Runnable blockingCall(CountDownLatch running, CountDownLatch release,
      CountDownLatch finished) {
    return () -> {
      running.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (finished != null) {
        finished.countDown();
      }
    };
  }

  private static void awaitParked(CallQueue queue, int threads) {
    await(threads + " threads parked", () -> queue.waitingThreads() >= threads);
  }

  /** Returns once {@code condition} holds; fails naming {@code what} after 10 seconds. */
  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.onSpinWait();
    }
  }
}
