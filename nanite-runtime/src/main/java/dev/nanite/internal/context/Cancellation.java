package dev.nanite.internal.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a call was cancelled, and what to run when it is: set once, by the caller's cancel or
 * the deadline, whichever comes first. Thread-safe.
 */
public final class Cancellation {
  private static final Logger log = LoggerFactory.getLogger(Cancellation.class);

  private String reason;
  private List<Runnable> listeners;

  /** Whether it was cancelled. */
  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** Why it was cancelled, if it was. */
  public synchronized Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** Runs {@code listener} once cancelled; at once if it is already. */
  public void onCancel(Runnable listener) {
    listen(listener);
  }

  /**
   * Like {@link #onCancel}, returning what takes the listener back: a call made on behalf of a
   * long one takes its listener back when it ends, so that they do not pile up.
   */
  public Runnable listen(Runnable listener) {
    synchronized (this) {
      if (reason == null) {
        if (listeners == null) {
          listeners = new ArrayList<>(2);
        }
        listeners.add(listener);
        return () -> remove(listener);
      }
    }
    run(listener);
    return () -> { };
  }

  private synchronized void remove(Runnable listener) {
    if (listeners != null) {
      listeners.remove(listener);
    }
  }

  /** Cancels, for {@code why}; true if this did it, false if it was cancelled before. */
  public boolean cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return false;
      }
      reason = why;
      toRun = listeners;
      listeners = null;
    }
    if (toRun != null) {
      toRun.forEach(Cancellation::run);
    }
    return true;
  }

  private static void run(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      log.warn("A call's cancellation listener failed: {}", e.toString());
    }
  }
}
