package dev.nanite.internal.agent;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Interrupts actor calls still running when their deadline passes. Nobody waits for their result
 * any more (the mapper has failed the call with a timeout), so an actor method that blocks
 * interruptibly (sleeps, waits, takes from a queue, interruptible I/O) or checks {@link
 * Thread#isInterrupted()} stops early instead of running to the end for nothing. It looks every
 * {@value #LOOK_MILLIS} ms, so a call is interrupted within that much of its deadline; a call
 * never carries its interrupt into the next one its thread runs. Thread-safe.
 */
final class Deadlines {
  static final long LOOK_MILLIS = 50;

  private final Set<Running> running = ConcurrentHashMap.newKeySet();

  Deadlines(ScheduledExecutorService timer) {
    try {
      timer.scheduleWithFixedDelay(this::look, LOOK_MILLIS, LOOK_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the agent is stopping
    }
  }

  /**
   * Watches the call the current thread starts now; null for one without a deadline.
   *
   * @param deadlineMillis when the call's caller gives up, in milliseconds since the epoch
   */
  Running start(long deadlineMillis) {
    if (deadlineMillis <= 0) {
      return null;
    }
    Running call = new Running(Thread.currentThread(), deadlineMillis);
    running.add(call);
    return call;
  }

  /** The call the current thread ran ended; clears an interrupt it was given. */
  void finish(Running call) {
    if (call != null) {
      running.remove(call);
      call.finish();
    }
  }

  /** Calls watched now, for tests. */
  int watched() {
    return running.size();
  }

  private void look() {
    long now = System.currentTimeMillis();
    for (Running call : running) {
      if (call.deadlineMillis <= now && call.interrupt()) {
        running.remove(call);
      }
    }
  }

  /** One call on its thread, until it finishes. */
  static final class Running {
    private final Thread thread;
    private final long deadlineMillis;
    private boolean done;
    private boolean interrupted;

    private Running(Thread thread, long deadlineMillis) {
      this.thread = thread;
      this.deadlineMillis = deadlineMillis;
    }

    private synchronized boolean interrupt() {
      if (done || interrupted) {
        return false;
      }
      interrupted = true;
      thread.interrupt();
      return true;
    }

    /** On the call's thread: once done, no interrupt can come, and one that came is cleared. */
    private synchronized void finish() {
      done = true;
      if (interrupted) {
        Thread.interrupted();
      }
    }

    /** Whether the call was interrupted at its deadline. */
    synchronized boolean interrupted() {
      return interrupted;
    }
  }
}
