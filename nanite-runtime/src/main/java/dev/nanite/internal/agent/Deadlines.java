package dev.nanite.internal.agent;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 */
final class Deadlines {
  static final long LOOK_MILLIS = 50;

  private final CopyOnWriteArrayList<Slot> slots = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Slot> slot = ThreadLocal.withInitial(this::newSlot);

  Deadlines(ScheduledExecutorService timer) {
    try {
      timer.scheduleWithFixedDelay(this::look, LOOK_MILLIS, LOOK_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the agent is stopping
    }
  }

  private Slot newSlot() {
    Slot made = new Slot(Thread.currentThread());
    slots.add(made);
    return made;
  }

  /**
   * Watches the call the current thread starts now; null for one without a deadline.
   *
   * @param deadlineMillis when the call's caller gives up, in milliseconds since the epoch
   */
  Slot start(long deadlineMillis) {
    if (deadlineMillis <= 0) {
      return null;
    }
    Slot current = slot.get();
    current.start(deadlineMillis);
    return current;
  }

  /**
   * The call the current thread ran ended; clears an interrupt it was given.
   *
   * @return whether the call was interrupted at its deadline
   */
  boolean finish(Slot current) {
    return current != null && current.finish();
  }

  /** Threads that have run calls with deadlines and still live, for tests. */
  int threads() {
    return slots.size();
  }

  private void look() {
    long now = System.currentTimeMillis();
    for (Slot each : slots) {
      if (!each.thread.isAlive()) {
        slots.remove(each); // a pool thread that timed out
      } else {
        each.interruptIfPast(now);
      }
    }
  }

  /** The call one thread runs now, if any. */
  static final class Slot {
    private final Thread thread;
    private boolean running;
    private long deadlineMillis;
    private boolean interrupted;

    private Slot(Thread thread) {
      this.thread = thread;
    }

    private synchronized void start(long deadlineMillis) {
      this.running = true;
      this.deadlineMillis = deadlineMillis;
      this.interrupted = false;
    }

    private synchronized void interruptIfPast(long nowMillis) {
      if (running && !interrupted && deadlineMillis <= nowMillis) {
        interrupted = true;
        thread.interrupt();
      }
    }

    /** On the call's thread: once done, no interrupt can come, and one that came is cleared. */
    private synchronized boolean finish() {
      running = false;
      if (interrupted) {
        Thread.interrupted();
      }
      return interrupted;
    }
  }
}
