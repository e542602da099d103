package dev.nanite.internal.mapper;

import dev.nanite.CallContext;
import dev.nanite.CallOptions;
import dev.nanite.MapperInterceptor;
import dev.nanite.Metadata;
import dev.nanite.OutgoingCall;
import dev.nanite.Selector;
import dev.nanite.internal.context.AgentCallContext;
import dev.nanite.internal.context.Contexts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * What happens around each call a mapper makes before it is sent: a call made from an actor's
 * call inherits its deadline, metadata and cancellation, and the mapper's interceptors run
 * around it. With neither, the call is sent as it is, at no cost.
 */
final class Interception {
  /** Keys a call does not inherit from the call it is made for: the runtime's own. */
  private static final String RESERVED = Metadata.RESERVED_PREFIX;

  private final List<MapperInterceptor> interceptors;
  private final Duration defaultTimeout;

  Interception(List<MapperInterceptor> interceptors, Duration defaultTimeout) {
    this.interceptors = List.copyOf(interceptors);
    this.defaultTimeout = defaultTimeout;
  }

  /**
   * Makes a call through the interceptors; {@code send} sends it with the options they leave
   * and returns its future, which the caller's future follows and cancels.
   */
  <T> CompletableFuture<T> around(String path, Selector selector, CallOptions options,
      boolean push, Function<CallOptions, CompletableFuture<T>> send) {
    Optional<CallContext> parent = Contexts.current();
    CallOptions effective = parent.isPresent() ? inherited(options, parent.get()) : options;
    CompletableFuture<T> future = interceptors.isEmpty() ? send.apply(effective)
        : chained(new OutgoingCall(path, selector, effective, push), send);
    if (parent.isPresent() && parent.get() instanceof AgentCallContext running) {
      // Cancelled with the call it is made for; the listener goes once this call ends.
      Runnable stopListening = running.cancellation().listen(() -> future.cancel(true));
      future.whenComplete((value, error) -> stopListening.run());
    }
    return future;
  }

  @SuppressWarnings("unchecked") // the chain hands on what the sending returned
  private <T> CompletableFuture<T> chained(OutgoingCall call,
      Function<CallOptions, CompletableFuture<T>> send) {
    CallFuture<T> outer = new CallFuture<>();
    CompletableFuture<?> outcome;
    try {
      outcome = next(0, call, made -> {
        CompletableFuture<T> inner = send.apply(made.options());
        outer.onCancel(() -> inner.cancel(true));
        return inner;
      });
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e); // a refusal, or a failing interceptor
    }
    if (outcome == null) {
      outcome = CompletableFuture.failedFuture(new IllegalStateException(
          "a mapper interceptor returned no future"));
    }
    outcome.whenComplete((value, error) -> {
      if (error != null) {
        outer.completeExceptionally(error instanceof CompletionException && error.getCause()
            != null ? error.getCause() : error);
      } else {
        outer.complete((T) value);
      }
    });
    return outer;
  }

  private CompletableFuture<?> next(int index, OutgoingCall call,
      Function<OutgoingCall, CompletableFuture<?>> send) {
    if (index == interceptors.size()) {
      return send.apply(call);
    }
    return interceptors.get(index).interceptCall(call, made -> next(index + 1, made, send));
  }

  /**
   * The options of a call made for {@code parent}: its metadata under the call's own, and its
   * deadline if sooner than the call's.
   */
  private CallOptions inherited(CallOptions options, CallContext parent) {
    Metadata metadata = parent.metadata();
    for (String key : metadata.keys()) {
      if (key.startsWith(RESERVED)) {
        metadata = metadata.without(key);
      }
    }
    // The call's own entries win; withMetadata merges, so this leaves exactly that merge.
    CallOptions inherited = metadata.isEmpty() ? options
        : options.withMetadata(metadata.withAll(options.metadata()));
    Optional<Instant> deadline = parent.deadline();
    if (deadline.isPresent()) {
      Duration left = Duration.between(Instant.now(), deadline.get());
      Duration own = options.timeout() != null ? options.timeout() : defaultTimeout;
      if (left.compareTo(own) < 0) {
        inherited = inherited.withTimeout(left.isNegative() || left.isZero()
            ? Duration.ofMillis(1) : left);
      }
    }
    return inherited;
  }
}
