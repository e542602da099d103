package dev.nanite.internal.mapper;

import java.time.Duration;
import java.util.PriorityQueue;

/** A clock that moves only when the test says, running the tasks that come due on the way. */
final class FakeClock implements Clock {
  private record Task(long dueNanos, long order, Runnable task, boolean[] cancelled) {}

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
      ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.order, b.order));
  private long nanos = 1_000_000_000L;
  private long order;

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized long currentTimeMillis() {
    return 1_700_000_000_000L + nanos / 1_000_000;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = {false};
    tasks.add(new Task(nanos + delayNanos, order++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves time on by {@code step}, running each task that comes due, in order. */
  void advance(Duration step) {
    long until;
    synchronized (this) {
      until = nanos + step.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.dueNanos > until) {
          nanos = until;
          return;
        }
        tasks.poll();
        nanos = next.dueNanos;
      }
      if (!next.cancelled[0]) {
        next.task.run();
      }
    }
  }

  /** Scheduled tasks not cancelled yet. */
  synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled[0]).count();
  }
}
