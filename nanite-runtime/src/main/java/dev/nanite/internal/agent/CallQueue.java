package dev.nanite.internal.agent;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
 */
final class CallQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Runnable> calls = new ArrayDeque<>();
  /** Threads in {@link #take} or {@link #poll(long, TimeUnit)}, waiting for a call. */
  private int waiting;
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
      if (waiting == 0) {
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
    lock.lock();
    try {
      return waiting > 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean offer(Runnable call) {
    Objects.requireNonNull(call, "call");
    lock.lock();
    try {
      calls.addLast(call);
      if (waiting > 0 && wakeWhen.test(calls.size())) {
        notEmpty.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
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
    lock.lockInterruptibly();
    try {
      while (calls.isEmpty()) {
        waiting++;
        try {
          notEmpty.await();
        } finally {
          waiting--;
        }
      }
      return calls.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (calls.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        waiting++;
        try {
          nanos = notEmpty.awaitNanos(nanos);
        } finally {
          waiting--;
        }
      }
      return calls.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable poll() {
    lock.lock();
    try {
      return calls.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Runnable peek() {
    lock.lock();
    try {
      return calls.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return calls.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int remainingCapacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  public boolean remove(Object call) {
    lock.lock();
    try {
      return calls.remove(call);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int drainTo(Collection<? super Runnable> into) {
    return drainTo(into, Integer.MAX_VALUE);
  }

  @Override
  public int drainTo(Collection<? super Runnable> into, int max) {
    lock.lock();
    try {
      int n = 0;
      for (; n < max && !calls.isEmpty(); n++) {
        into.add(calls.pollFirst());
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot: later changes to the queue do not show, and it cannot remove. */
  @Override
  public Iterator<Runnable> iterator() {
    lock.lock();
    try {
      return List.copyOf(calls).iterator();
    } finally {
      lock.unlock();
    }
  }
}
