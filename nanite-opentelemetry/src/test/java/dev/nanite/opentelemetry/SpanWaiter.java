package dev.nanite.opentelemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Waits for spans to reach an {@link InMemorySpanExporter}: registered after the exporter's
 * processor, it is told of each span once exported and wakes the waiting test. The agent's span
 * ends on the agent's thread, which need not have exported it when the caller's future
 * completes.
 */
final class SpanWaiter implements SpanProcessor {
  private final InMemorySpanExporter exporter;

  SpanWaiter(InMemorySpanExporter exporter) {
    this.exporter = exporter;
  }

  /** The one finished span that {@code wanted} matches, once there is one. */
  synchronized SpanData await(String what, Predicate<SpanData> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(wanted).toList();
      if (found.size() > 1) {
        throw new AssertionError("more than one " + what + ": " + found);
      }
      if (found.size() == 1) {
        return found.get(0);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + what + " within " + timeout + "; spans: "
            + exporter.getFinishedSpanItems());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public synchronized void onEnd(ReadableSpan span) {
    notifyAll();
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
