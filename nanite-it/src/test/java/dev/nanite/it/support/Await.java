package dev.nanite.it.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline: the suite's only way of waiting for the fabric. */
public final class Await {
  private Await() {}

  /**
   * Returns once {@code condition} holds, checking it every few milliseconds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
    }
  }

  /** Like {@link #until}, returning the value once {@code value} yields a non-null one. */
  public static <T> T value(String what, Duration timeout, Supplier<T> value) {
    Object[] holder = new Object[1];
    until(what, timeout, () -> (holder[0] = value.get()) != null);
    @SuppressWarnings("unchecked")
    T t = (T) holder[0];
    return t;
  }
}
