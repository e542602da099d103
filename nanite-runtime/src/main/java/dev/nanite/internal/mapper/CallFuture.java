package dev.nanite.internal.mapper;

import dev.nanite.internal.context.Cancellation;
import java.util.concurrent.CompletableFuture;

/**
 * The future of a call as its caller gets it: cancelling it ({@code cancel(true)}) also cancels
 * the call, which tells the agent running it to stop.
 */
final class CallFuture<T> extends CompletableFuture<T> {
  private final Cancellation cancellation = new Cancellation();

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      cancellation.cancel("cancelled by its caller");
    }
    return cancelled;
  }

  /** Runs {@code action} when the caller cancels this future (at once if it did). */
  void onCancel(Runnable action) {
    cancellation.onCancel(action);
  }
}
