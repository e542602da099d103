package dev.nanite.internal.agent;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;

/**
 * The {@link ActorPool}'s queue of calls: a blocking queue that wakes a waiting thread for a new
 * call only when the pool says the call needs one ({@link #wakeWhen}), and otherwise leaves it
 * to a thread that is running a call and takes the next one when done.
 *
 * <p>Why: {@code LinkedBlockingQueue} wakes a waiting thread for every call that finds it empty,
 * so with one thread busy on a quick call the next call woke a second thread, which parked again
 * a few microseconds later. Those wake-ups were half of the agents' context switches in the
 * call-to-all benchmark, where amqp-client's own dispatch, which runs a channel's deliveries one
 * after another on one thread, makes none. A call left in the queue this way is not forgotten:
 * the pool's watchdog wakes a thread for it when it waits too long ({@link Starvation}).
 *
 * <p>The calls are in a lock-free queue, and the lock is taken only to wait and to wake: a
 * first version that queued under the lock made the connection's thread and the actor threads
 * wait for each other on it, which showed up as more context switches, not fewer.
 */
final class CallQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {
  private final ConcurrentLinkedQueue<Runnable> calls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  /**
   * Threads waiting for a call, changed under the lock. A waiting thread counts itself before
   * it looks at the queue a last time, and a new call is queued before its offer reads this
   * count, so either the thread sees the call or the offer sees the thread.
   */
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile IntPredicate wakeWhen = queued -> true;

  /**
   * Sets what decides, for a call just queued behind {@code queued - 1} others, whether a waiting
   * thread is woken for it.
   */
  void wakeWhen(IntPredicate rule) {
    this.wakeWhen = rule;
  }

  /** Wakes one waiting thread; returns false if none was waiting. */
  boolean wakeOne() {
    lock.lock();
    try {
      if (waiting.get() == 0) {
        return false;
      }
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a thread is waiting for a call. */
  boolean hasWaitingThread() {
    return waitingThreads() > 0;
  }

  /** How many threads are waiting for a call. */
  int waitingThreads() {
    return waiting.get();
  }

  @Override
  public boolean offer(Runnable call) {
    Objects.requireNonNull(call, "call");
    calls.offer(call);
    int queued = count.incrementAndGet();
    if (waiting.get() > 0 && wakeWhen.test(queued)) {
      wakeOne();
    }
    return true;
  }

  @Override
  public boolean offer(Runnable call, long timeout, TimeUnit unit) {
    return offer(call);
  }

  @Override
  public void put(Runnable call) {
    offer(call);
  }

  @Override
  public Runnable take() throws InterruptedException {
    return poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    Runnable call = poll();
    if (call != null) {
      return call;
    }
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (true) {
        waiting.incrementAndGet();
        try {
          call = poll();
          if (call != null || nanos <= 0) {
            return call;
          }
          nanos = notEmpty.awaitNanos(nanos);
        } finally {
          waiting.decrementAndGet();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable poll() {
    Runnable call = calls.poll();
    if (call != null) {
      count.decrementAndGet();
    }
    return call;
  }

  @Override
  public Runnable peek() {
    return calls.peek();
  }

  @Override
  public int size() {
    return Math.max(0, count.get());
  }

  @Override
  public boolean isEmpty() {
    return calls.isEmpty();
  }

  @Override
  public int remainingCapacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  public boolean remove(Object call) {
    boolean removed = calls.remove(call);
    if (removed) {
      count.decrementAndGet();
    }
    return removed;
  }

  @Override
  public int drainTo(Collection<? super Runnable> into) {
    return drainTo(into, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super Runnable> into, int max) {
    int n = 0;
    for (Runnable call; n < max && (call = poll()) != null; n++) {
      into.add(call);
    }
    return n;
  }

  /** A snapshot: later changes to the queue do not show, and it cannot remove. */
  @Override
  public Iterator<Runnable> iterator() {
    return List.copyOf(calls).iterator();
  }
}
