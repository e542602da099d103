package dev.nanite;

import dev.nanite.internal.context.Contexts;
import java.time.Instant;
import java.util.Optional;

/**
 * The call an actor method is running for, on the agent: who made it, its deadline, its
 * metadata, and whether it was cancelled. {@link #current()} finds it from the actor's thread;
 * an {@link AgentInterceptor} is handed it.
 *
 * <pre>{@code
 * @Expose public Report build(String month) {
 *   CallContext call = CallContext.current();
 *   for (Day day : days(month)) {
 *     if (call.isCancelled()) {           // the caller cancelled, or the deadline passed
 *       throw new CancellationException(call.cancellationReason().orElse(""));
 *     }
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>A call is cancelled when its caller cancels its future ({@code future.cancel(true)}) or
 * its deadline passes; the agent then also interrupts the actor's thread, and sends no result.
 * Calls the actor makes through a mapper from the call's thread carry its deadline (if sooner
 * than theirs) and metadata, and are cancelled with it. Thread-safe.
 */
public interface CallContext {
  /**
   * The context of the call the current thread runs.
   *
   * @throws IllegalStateException outside an actor method or interceptor running a call
   */
  static CallContext current() {
    return Contexts.current().orElseThrow(() -> new IllegalStateException("no Nanite call runs"
        + " on thread " + Thread.currentThread().getName() + ": CallContext.current() works in"
        + " an actor method, or an interceptor, while the agent runs a call"));
  }

  /** The context of the call the current thread runs; empty if there is none. */
  static Optional<CallContext> find() {
    return Contexts.current();
  }

  /** The path called, such as {@code /mock/list}. */
  String path();

  /** The call's id, unique per calling mapper (its request token). */
  String callId();

  /** The identity of the mapper that made the call. */
  String caller();

  /**
   * The broker account the call came from, as the broker vouched for it (its {@code user-id});
   * empty if the request carried none.
   */
  String account();

  /** The identity of this agent. */
  String agent();

  /** When the caller stops waiting; empty for a call with no deadline. */
  Optional<Instant> deadline();

  /** The metadata the call carries. */
  Metadata metadata();

  /** Whether the caller cancelled the call or its deadline passed. */
  boolean isCancelled();

  /** Why the call was cancelled, such as {@code cancelled by its caller}; empty if it was not. */
  Optional<String> cancellationReason();

  /**
   * Runs {@code listener} once the call is cancelled (at once if it is already), on the thread
   * that cancels it: keep it short (close a stream, cancel a query).
   */
  void onCancel(Runnable listener);

  /**
   * This context with {@code more} metadata, for an {@link AgentInterceptor} to hand on; the
   * copy is cancelled with this one.
   */
  CallContext withMetadata(Metadata more);
}
