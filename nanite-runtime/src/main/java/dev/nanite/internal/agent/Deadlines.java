package dev.nanite.internal.agent;

import dev.nanite.internal.context.Cancellation;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Interrupts actor calls still running when their deadline passes. Nobody waits for their result
 * any more (the mapper has failed the call with a timeout), so an actor method that blocks
 * interruptibly (sleeps, waits, takes from a queue, interruptible I/O) or checks {@link
 * Thread#isInterrupted()} stops early instead of running to the end for nothing. It looks every
 * {@value #LOOK_MILLIS} ms, so a call is interrupted within that much of its deadline; a call
 * never carries its interrupt into the next one its thread runs.
 *
 * <p>Each thread that runs calls has one slot, made the first time, which each call on it fills
 * and empties: two uncontended locks per call and no allocation, where a set of running calls
 * cost every request an entry made and removed (measurable in the call-to-all benchmark, whose
 * agents take 8 requests per call). Thread-safe.
 *
 * <p>It looks only while calls run: the first call after a look that found none starts the
 * looks again, at the price of a volatile read per call. Looking all the time woke each agent's
 * timer 20 times a second, idle or not, which for 100 idle agents in one JVM cost 4 % of a core
 * (the scale benchmark), more than their pings.
 */
final class Deadlines {
  static final long LOOK_MILLIS = 50;

  private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Slot> slot = ThreadLocal.withInitial(this::newSlot);
  private final ScheduledExecutorService timer;
  /** Whether a look is scheduled; set by a call that finds none, cleared by a look that ends. */
  private final AtomicBoolean looking = new AtomicBoolean();

  Deadlines(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  private Slot newSlot() {
    Slot made = new Slot(Thread.currentThread());
    slots.add(made);
    return made;
  }

  /**
   * Watches the call the current thread starts now: it is interrupted, and {@code cancellation}
   * cancelled, when its deadline passes; and interrupted when {@code cancellation} is cancelled
   * otherwise (by its caller).
   *
   * @param deadlineMillis when the call's caller gives up, in milliseconds since the epoch; 0
   *     for never
   */
  Slot start(long deadlineMillis, Cancellation cancellation) {
    Slot current = slot.get();
    long generation = current.start(deadlineMillis, cancellation);
    cancellation.onCancel(() -> current.interrupt(generation));
    if (deadlineMillis <= 0) {
      return current;
    }
    // After marking the slot running: a look that ends now either sees it running, or has
    // cleared the flag before this reads it (see look()).
    if (!looking.get() && looking.compareAndSet(false, true)) {
      lookLater();
    }
    return current;
  }

  /**
   * The call the current thread ran ended; clears an interrupt it was given.
   *
   * @return whether the call was interrupted, at its deadline or by its caller's cancel
   */
  boolean finish(Slot current) {
    return current.finish();
  }

  /** Threads that have run calls with deadlines and still live, for tests. */
  int threads() {
    return slots.size();
  }

  private void lookLater() {
    try {
      timer.schedule(this::look, LOOK_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      looking.set(false); // the agent is stopping
    }
  }

  private void look() {
    long now = System.currentTimeMillis();
    boolean running = false;
    for (Slot each : slots) {
      if (!each.thread.isAlive()) {
        slots.remove(each); // a pool thread that timed out
      } else {
        Cancellation expired = each.interruptIfPast(now);
        if (expired != null) {
          expired.cancel("its deadline passed");
        }
        running |= each.running();
      }
    }
    if (running) {
      lookLater();
      return;
    }
    looking.set(false);
    // A call that started after its slot was read above, and found the flag still set, left
    // the looking to this one: look again if so.
    if (slots.stream().anyMatch(Slot::running) && looking.compareAndSet(false, true)) {
      lookLater();
    }
  }

  /** The call one thread runs now, if any. */
  static final class Slot {
    private final Thread thread;
    private boolean running;
    private long deadlineMillis;
    private boolean interrupted;
    private boolean expired;
    private Cancellation cancellation;
    /** Counts the calls the thread has run, so that a late cancel cannot reach the next one. */
    private long generation;

    private Slot(Thread thread) {
      this.thread = thread;
    }

    private synchronized long start(long deadlineMillis, Cancellation cancellation) {
      this.running = true;
      this.deadlineMillis = deadlineMillis;
      this.interrupted = false;
      this.expired = false;
      this.cancellation = cancellation;
      return ++generation;
    }

    /**
     * The cancellation of the call if it has a deadline and it has passed, to cancel (outside
     * this lock), which interrupts it through {@link #interrupt}: the reason is set before the
     * interrupt, so the actor that wakes sees why. Null otherwise, or if told before.
     */
    private synchronized Cancellation interruptIfPast(long nowMillis) {
      if (running && !interrupted && !expired && deadlineMillis > 0
          && deadlineMillis <= nowMillis) {
        expired = true;
        return cancellation;
      }
      return null;
    }

    /** Interrupts call {@code generation} if the thread still runs it (its caller cancelled). */
    private synchronized void interrupt(long generation) {
      if (running && !interrupted && this.generation == generation) {
        interrupted = true;
        thread.interrupt();
      }
    }

    private synchronized boolean running() {
      return running;
    }

    /** On the call's thread: once done, no interrupt can come, and one that came is cleared. */
    private synchronized boolean finish() {
      running = false;
      cancellation = null;
      if (interrupted) {
        Thread.interrupted();
      }
      return interrupted;
    }
  }
}
