package dev.nanite.internal.mapper;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time as the mapper's calls see it: now, and a task later. The runtime uses the system clock
 * and the mapper's scheduler; tests use a fake one they move by hand, so that a deadline firing
 * between two other events is a line of a test instead of a race to provoke.
 */
interface Clock {
  long nanoTime();

  long currentTimeMillis();

  /** Runs {@code task} once {@code delayNanos} have passed, unless cancelled first. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** A scheduled task that can still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** The system clock, running tasks on {@code scheduler}. */
  static Clock system(ScheduledExecutorService scheduler) {
    return new Clock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return System.currentTimeMillis();
      }

      @Override
      public Cancellable schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> future = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }
    };
  }
}
