package dev.nanite.internal.mapper;

import dev.nanite.AgentLostException;
import dev.nanite.CallObserver;
import dev.nanite.CallObserver.Outcome;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.internal.amqp.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a mapper's {@link CallObserver}s how its calls end, before the caller hears of it. An
 * observer that throws is logged and otherwise ignored. Without observers it costs nothing.
 */
final class CallObservers {
  private static final Logger log = LoggerFactory.getLogger(CallObservers.class);

  private final List<CallObserver> observers;
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(30));

  CallObservers(List<CallObserver> observers) {
    this.observers = List.copyOf(observers);
  }

  /** Wraps a call's sink so that its end is reported, timed from now. */
  Call.Sink observe(String path, Call.Sink sink) {
    if (observers.isEmpty()) {
      return sink;
    }
    long start = System.nanoTime();
    return new Call.Sink() {
      @Override
      public void value(String agent, com.google.protobuf.ByteString value) {
        report(path, agent, Outcome.OK, start);
        sink.value(agent, value);
      }

      @Override
      public void error(String agent, NaniteException error) {
        report(path, agent, outcome(error), start);
        sink.error(agent, error);
      }
    };
  }

  /** Reports a call that found no agent before anything was sent. */
  void noAgent(String path) {
    report(path, null, Outcome.NO_AGENT, System.nanoTime());
  }

  /** Reports a push when its future completes; returns the same future. */
  <T> CompletableFuture<T> observePush(String path, CompletableFuture<T> push) {
    if (!observers.isEmpty()) {
      long start = System.nanoTime();
      push.whenComplete((ok, error) -> report(path, null,
          error == null ? Outcome.OK : outcome(error), start));
    }
    return push;
  }

  private void report(String path, String agent, Outcome outcome, long startNanos) {
    long latency = System.nanoTime() - startNanos;
    for (CallObserver observer : observers) {
      try {
        observer.finished(path, agent, outcome, latency);
      } catch (RuntimeException e) {
        warnings.warn("observer", "A call observer failed: {}", e.toString());
      }
    }
  }

  static Outcome outcome(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (cause instanceof RequestTimeoutException) {
      return Outcome.TIMEOUT;
    }
    if (cause instanceof NoAgentException) {
      return Outcome.NO_AGENT;
    }
    if (cause instanceof AgentLostException) {
      return Outcome.LOST;
    }
    return Outcome.ERROR;
  }
}
