package dev.nanite.it.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The outcome of a call, with failures that say what the test expected. */
public final class Futures {
  private static final long WAIT_SECONDS = 20;

  private Futures() {}

  /**
   * The value of {@code call}, which must succeed within 20 s (every call's own deadline is
   * shorter); else an AssertionError naming {@code what} and how it ended instead.
   */
  public static <T> T value(String what, CompletableFuture<T> call) throws InterruptedException {
    try {
      return call.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(what + ": expected it to succeed, it failed with "
          + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(what + ": still not completed after " + WAIT_SECONDS + " s");
    }
  }

  /** How {@code call} failed; an AssertionError naming {@code what} if it succeeded. */
  public static Throwable failure(String what, CompletableFuture<?> call)
      throws InterruptedException {
    try {
      Object value = call.get(WAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError(what + ": expected it to fail, it succeeded with " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError(what + ": still not completed after " + WAIT_SECONDS + " s");
    }
  }
}
