package dev.nanite.cli;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting on a condition with a deadline: the tests' only way of waiting. */
final class Await {
  private Await() {}

  /**
   * Returns once {@code condition} holds, checking it every few milliseconds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }
}
