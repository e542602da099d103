package dev.nanite.internal.mapper;

import dev.nanite.AgentLostException;
import dev.nanite.CallObserver;
import dev.nanite.CallObserver.MoveReason;
import dev.nanite.CallObserver.Outcome;
import dev.nanite.NoAgentException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.internal.amqp.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a mapper's {@link CallObserver}s each attempt of its calls and how they end, before the
 * caller hears of it. An observer that throws is logged and otherwise ignored. Without
 * observers it costs nothing.
 */
final class CallObservers {
  private static final Logger log = LoggerFactory.getLogger(CallObservers.class);

  private final List<CallObserver> observers;
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(30));

  CallObservers(List<CallObserver> observers) {
    this.observers = List.copyOf(observers);
  }

  void sent(Call call, String agent, int attempt) {
    if (observers.isEmpty()) {
      return; // no event object made when nobody listens
    }
    tell(o -> o.sent(call.token, call.path(), agent, attempt));
  }

  void movedOn(Call call, String agent, MoveReason reason) {
    if (observers.isEmpty()) {
      return;
    }
    tell(o -> o.movedOn(call.token, call.path(), agent, reason));
  }

  void finished(Call call, String agent, Outcome outcome, long nowNanos) {
    if (observers.isEmpty()) {
      return;
    }
    long latency = nowNanos - call.startNanos;
    tell(o -> o.finished(call.token, call.path(), agent, outcome, latency));
  }

  /** Reports a call to all that found no agent before anything was sent. */
  void noAgent(String path) {
    if (observers.isEmpty()) {
      return;
    }
    tell(o -> o.finished(null, path, null, Outcome.NO_AGENT, 0));
  }

  /** Reports a push when its future completes; returns the same future. */
  <T> CompletableFuture<T> observePush(String path, CompletableFuture<T> push) {
    if (!observers.isEmpty()) {
      long start = System.nanoTime();
      push.whenComplete((ok, error) -> {
        long latency = System.nanoTime() - start;
        Outcome outcome = error == null ? Outcome.OK : outcome(error);
        tell(o -> o.finished(null, path, null, outcome, latency));
      });
    }
    return push;
  }

  private void tell(Consumer<CallObserver> event) {
    for (int i = 0; i < observers.size(); i++) {
      try {
        event.accept(observers.get(i));
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
