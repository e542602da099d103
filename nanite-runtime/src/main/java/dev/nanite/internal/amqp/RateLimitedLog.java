package dev.nanite.internal.amqp;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning of each kind at most once per interval, with the count of those suppressed
 * since, so that a flood of bad input cannot flood the log. Thread-safe.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
    final AtomicLong suppressed = new AtomicLong();
  }

  public RateLimitedLog(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
  }

  /** Logs {@code message} (an SLF4J format) at WARN unless one of {@code kind} was just logged. */
  public void warn(String kind, String message, Object... args) {
    Window window = windows.computeIfAbsent(kind, k -> new Window());
    long now = System.nanoTime();
    long next = window.nextAllowed.get();
    if (now - next >= 0 && window.nextAllowed.compareAndSet(next, now + intervalNanos)) {
      long suppressed = window.suppressed.getAndSet(0);
      if (suppressed > 0) {
        log.warn("({} more like the next were not logged)", suppressed);
      }
      log.warn(message, args);
    } else {
      window.suppressed.incrementAndGet();
    }
  }
}
