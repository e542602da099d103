package dev.nanite.broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition until a deadline, checking it every few milliseconds. */
final class Await {
  /** How long a test waits for anything the broker should do at once. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A condition that may throw, such as one that asks the broker. */
  interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} after {@link #TIMEOUT}. */
  static void until(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("Timed out after " + TIMEOUT + " waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
