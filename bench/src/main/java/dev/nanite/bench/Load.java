package dev.nanite.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Closed-loop load: a fixed number of calls with a fixed number in flight, bounded in time. */
public final class Load {
  private Load() {}

  /** Calls one at a time, {@code count} times, and returns each call's latency. */
  public static Samples oneAtATime(Supplier<? extends CompletableFuture<?>> call, int count,
      Duration limit) throws Exception {
    Samples samples = new Samples(count);
    long deadline = System.nanoTime() + limit.toNanos();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      call.get().get(30, TimeUnit.SECONDS);
      samples.add(System.nanoTime() - start);
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("over " + limit + " after " + i + " of " + count + " calls");
      }
    }
    return samples;
  }

  /**
   * Calls {@code count} times with up to {@code inFlight} outstanding and returns calls per
   * second. A failed call fails the run: a benchmark that counts errors as throughput lies.
   */
  public static double throughput(Supplier<? extends CompletableFuture<?>> call, int count,
      int inFlight, Duration limit) throws Exception {
    Semaphore window = new Semaphore(inFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong done = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    for (int i = 0; i < count && failure.get() == null; i++) {
      if (!window.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("over " + limit + " after " + i + " of " + count + " calls");
      }
      call.get().whenComplete((result, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        }
        done.incrementAndGet();
        window.release();
      });
    }
    if (!window.tryAcquire(inFlight, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
      throw new TimeoutException("over " + limit + ": " + done.get() + " of " + count + " done");
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("a call failed", failure.get());
    }
    return count * 1e9 / elapsed;
  }
}
