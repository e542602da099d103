package dev.nanite.internal.mapper;

import com.google.protobuf.ByteString;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Endpoint;
import dev.nanite.NaniteException;
import dev.nanite.NoAgentException;
import dev.nanite.OverloadedException;
import dev.nanite.Replies;
import dev.nanite.Reply;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The calls a mapper's user makes, from the API down to {@link Calls}, {@link CallsToAll} and
 * {@link PushSender}: encoding the request, the mapper's limits, and the calls made while the
 * mapper is still hearing the agents answer its call to register. Thread-safe.
 */
final class Requests {
  private final MapperSettings settings;
  private final Calls calls;
  private final CallsToAll callsToAll;
  private final PushSender pushes;
  private final Selection selection;
  private final CallObservers observers;
  private final Executor completions;
  private final ScheduledExecutorService scheduler;
  private final BooleanSupplier ready;
  private final BooleanSupplier closed;
  private final Interception interception;
  /** Until then the agents are answering the call to register the mapper sent as it started. */
  private final long discoveredNanos;

  /**
   * @param ready whether calls can be sent now
   * @param closed whether the mapper is closed
   * @param discoveredNanos when the agents have answered the mapper's first call to register
   */
  Requests(MapperSettings settings, Calls calls, CallsToAll callsToAll, PushSender pushes,
      Selection selection, CallObservers observers, Executor completions,
      ScheduledExecutorService scheduler, BooleanSupplier ready, BooleanSupplier closed,
      long discoveredNanos) {
    this.settings = settings;
    this.calls = calls;
    this.callsToAll = callsToAll;
    this.pushes = pushes;
    this.selection = selection;
    this.observers = observers;
    this.completions = completions;
    this.scheduler = scheduler;
    this.ready = ready;
    this.closed = closed;
    this.discoveredNanos = discoveredNanos;
    this.interception = new Interception(settings.interceptors(), settings.requestTimeout());
  }

  <Q, R> CompletableFuture<R> request(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    return interception.around(endpoint.path(), selector, options, false, made -> {
      CallFuture<R> future = new CallFuture<>();
      return one(endpoint, request, selector, made, future, Sinks.single(endpoint, future));
    });
  }

  /** Like {@link #request}, completing with the answering agent's {@link Reply}. */
  <Q, R> CompletableFuture<Reply<R>> requestReply(Endpoint<Q, R> endpoint, Q request,
      Selector.Single selector, CallOptions options) {
    return interception.around(endpoint.path(), selector, options, false, made -> {
      CallFuture<Reply<R>> future = new CallFuture<>();
      return one(endpoint, request, selector, made, future, Sinks.reply(endpoint, future));
    });
  }

  /** Sends a call to one agent whose outcome goes to {@code sink}, which completes {@code future}. */
  private <Q, T> CompletableFuture<T> one(Endpoint<Q, ?> endpoint, Q request,
      Selector.Single selector, CallOptions options, CallFuture<T> future,
      Call.Sink sink) {
    ByteString args = encode(endpoint, request, future);
    if (args != null) {
      Call call = calls.newCall(endpoint, args, selector, options, sink);
      future.onCancel(() -> calls.cancel(call));
      calls.onCallerThread(() -> calls.dispatch(call));
    }
    return future;
  }

  <Q, R> CompletableFuture<Replies<R>> requestAll(Endpoint<Q, R> endpoint, Q request,
      CallOptions options) {
    return interception.around(endpoint.path(), Selector.ALL, options, false,
        made -> toAll(endpoint, request, made));
  }

  private <Q, R> CompletableFuture<Replies<R>> toAll(Endpoint<Q, R> endpoint, Q request,
      CallOptions options) {
    CallFuture<Replies<R>> future = new CallFuture<>();
    ByteString args = encode(endpoint, request, future);
    if (args == null) {
      return future;
    }
    if (!discovering()) {
      return sendAll(endpoint, args, options, future);
    }
    long madeNanos = System.nanoTime();
    // The caller gets this very future, so that cancelling it reaches the parts once sent.
    afterDiscovery(() -> {
      Duration left = settings.timeoutOf(options).minusNanos(System.nanoTime() - madeNanos);
      if (left.isNegative() || left.isZero()) {
        future.completeExceptionally(
            new RequestTimeoutException(endpoint.path(), null, settings.timeoutOf(options)));
        return future;
      }
      return sendAll(endpoint, args, options.withTimeout(left), future);
    }).whenComplete((replies, error) -> {
      if (error != null) {
        future.completeExceptionally(error);
      }
    });
    return future;
  }

  private <R> CompletableFuture<Replies<R>> sendAll(Endpoint<?, R> endpoint, ByteString args,
      CallOptions options, CallFuture<Replies<R>> future) {
    if (!ready.getAsBoolean()) {
      future.completeExceptionally(unavailable(endpoint.path()));
      return future;
    }
    List<AgentState> agents;
    try {
      agents = selection.all(endpoint.path(), endpoint.fingerprint(), options.tags());
    } catch (NoAgentException e) {
      observers.noAgent(endpoint.path());
      future.completeExceptionally(e);
      return future;
    }
    List<Call.Sink> sinks = Sinks.all(endpoint, agents.stream().map(a -> a.identity).toList(),
        future);
    calls.onCallerThread(() -> {
      List<Call> parts = callsToAll.send(endpoint, args, options, agents, sinks);
      future.onCancel(() -> parts.forEach(calls::cancel));
    });
    return future;
  }

  <Q> CompletableFuture<Void> push(Endpoint<Q, ?> endpoint, Q request, Selector selector,
      CallOptions options) {
    return interception.around(endpoint.path(), selector, options, true,
        made -> pushNow(endpoint, request, selector, made));
  }

  private <Q> CompletableFuture<Void> pushNow(Endpoint<Q, ?> endpoint, Q request,
      Selector selector, CallOptions options) {
    CompletableFuture<Void> future = new CompletableFuture<>();
    ByteString args = encode(endpoint, request, future);
    if (args == null) {
      return future;
    }
    CompletableFuture<Void> pushed;
    if (selector instanceof Selector.All) {
      pushed = afterDiscovery(() -> pushes.push(endpoint, args, selector, options));
    } else {
      pushed = pushes.push(endpoint, args, selector, options);
      if (discovering() && pushed.isCompletedExceptionally()) {
        // Most likely no agent is known yet: try once more when the agents have answered.
        pushed = afterDiscovery(() -> pushes.push(endpoint, args, selector, options));
      }
    }
    return observers.observePush(endpoint.path(), pushed);
  }

  /** Whether the mapper is still hearing the agents answer its call to register. */
  private boolean discovering() {
    return System.nanoTime() - discoveredNanos < 0;
  }

  /**
   * Makes {@code call} now, or, while the mapper is still hearing the agents answer its call to
   * register after it started, once that is over (on the completion executor): a call to all
   * made then would reach only the agents heard so far.
   */
  private <T> CompletableFuture<T> afterDiscovery(Supplier<CompletableFuture<T>> call) {
    long left = discoveredNanos - System.nanoTime();
    if (left <= 0) {
      return call.get();
    }
    CompletableFuture<T> made = new CompletableFuture<>();
    scheduler.schedule(() -> completions.execute(() -> {
      try {
        call.get().whenComplete((value, error) -> {
          if (error == null) {
            made.complete(value);
          } else {
            made.completeExceptionally(error);
          }
        });
      } catch (RuntimeException e) {
        made.completeExceptionally(e);
      }
    }), left, TimeUnit.NANOSECONDS);
    return made;
  }

  /** Encodes a request, or fails {@code future} saying why the call cannot be made. */
  private <Q> ByteString encode(Endpoint<Q, ?> endpoint, Q request, CompletableFuture<?> future) {
    if (closed.getAsBoolean()) {
      future.completeExceptionally(new NaniteException(endpoint.path(),
          "mapper " + settings.identity() + " is closed"));
      return null;
    }
    if (calls.inFlight() >= settings.maxInFlight()) {
      future.completeExceptionally(new OverloadedException(endpoint.path(), "mapper "
          + settings.identity() + " already has " + settings.maxInFlight()
          + " calls in flight, its limit; try again when some have completed"));
      return null;
    }
    try {
      return endpoint.requestMarshaller().encode(request);
    } catch (RuntimeException e) {
      future.completeExceptionally(new NaniteException(endpoint.path(),
          "cannot encode the request of " + endpoint.path() + ": " + e.getMessage(), e));
      return null;
    }
  }


  private BrokerUnavailableException unavailable(String path) {
    return new BrokerUnavailableException(path, "mapper " + settings.identity()
        + " has no broker connection right now; the call was not sent", null);
  }
}
