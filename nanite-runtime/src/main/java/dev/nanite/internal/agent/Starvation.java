package dev.nanite.internal.agent;

import java.util.concurrent.TimeUnit;

/**
 * When the {@link ActorPool}'s queued calls are starved of threads, and when to look again.
 * Not thread-safe: the pool hands it from thread to thread.
 *
 * <p>The rule: a call has waited {@link #STARVED_NANOS} and no call started since the last
 * look, or a call has waited {@link #LONG_WAIT_NANOS} whatever else happened. Progress is what
 * tells blocked threads from busy ones, as in .NET's thread pool: while every thread sits in a
 * sleep or a socket read, nothing starts, and another thread is what the queue needs. A wait
 * alone is not enough: on a saturated CPU quick calls wait too, while calls keep starting, and
 * more threads only add wake-ups and context switches. (The agents of the call-to-all benchmark
 * grew from 2 to 7 threads each on a wait-only rule, and spent a third more CPU per call in
 * switches.) The long wait covers a mix: a few threads stuck in slow calls
 * while the others keep quick ones starting, with a queue behind them that hardly moves.
 *
 * <p>The watchdog looks {@link #FIRST_LOOK_NANOS} after a call was left waiting, then twice
 * as late each time it sees progress, up to {@link #MAX_LOOK_NANOS}, and stops only when a look
 * finds the queue empty and no call left waiting since the last one: a steady load of quick
 * calls, queued now and then, costs it a few dozen wake-ups a second instead of two per call
 * left waiting.
 */
final class Starvation {
  /** How long a call must have waited, with every thread busy, to count as starved. */
  static final long STARVED_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /**
   * How long a call may wait at most before the pool grows, even while others start: far above
   * what quick calls wait for a busy CPU, far below a slow call's time.
   */
  static final long LONG_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** The first look after a call was left waiting: no call is starved before then. */
  static final long FIRST_LOOK_NANOS = STARVED_NANOS;
  /** The longest time between looks while calls keep waiting and starting. */
  static final long MAX_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(16);

  private long startedAtLastLook;
  private long queuedAtLastLook;
  private long threadsAdded;
  private long nextLookNanos = FIRST_LOOK_NANOS;

  /**
   * Starts watching.
   *
   * @param started the calls started so far, ever
   * @param queued the calls left waiting so far, ever
   */
  void reset(long started, long queued) {
    startedAtLastLook = started;
    queuedAtLastLook = queued;
    threadsAdded = 0;
    nextLookNanos = FIRST_LOOK_NANOS;
  }

  /**
   * Looks at a queue that holds calls.
   *
   * @param started the calls started so far, ever
   * @param queued the calls left waiting so far, ever
   * @param headWaitedNanos how long the oldest queued call has waited
   * @param canGrow whether the pool can give the queue a thread: wake an idle one, or start one
   *     below its maximum
   * @return whether to give the queue a thread
   */
  boolean look(long started, long queued, long headWaitedNanos, boolean canGrow) {
    queuedAtLastLook = queued;
    // A thread just added or woken takes a queued call at once: that start is not progress.
    boolean progress = started - startedAtLastLook > threadsAdded;
    startedAtLastLook = started;
    boolean starved = !progress && headWaitedNanos >= STARVED_NANOS
        || headWaitedNanos >= LONG_WAIT_NANOS;
    if (starved && canGrow) {
      threadsAdded = 1;
      nextLookNanos = FIRST_LOOK_NANOS;
      return true;
    }
    noThreadAdded(progress);
    return false;
  }

  /**
   * Looks at an empty queue.
   *
   * @param queued the calls left waiting so far, ever
   * @return whether to keep watching: calls were left waiting since the last look
   */
  boolean lookEmpty(long queued) {
    boolean busy = queued != queuedAtLastLook;
    queuedAtLastLook = queued;
    noThreadAdded(busy);
    return busy;
  }

  /** After a look that added no thread: the next look comes twice as late if calls moved. */
  private void noThreadAdded(boolean moving) {
    threadsAdded = 0;
    if (moving) {
      nextLookNanos = Math.min(MAX_LOOK_NANOS, nextLookNanos * 2);
    }
  }

  /** How long until the next look. */
  long nextLookNanos() {
    return nextLookNanos;
  }
}
