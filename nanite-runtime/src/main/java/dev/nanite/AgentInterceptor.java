package dev.nanite;

import java.util.concurrent.CompletableFuture;

/**
 * Code around each call an agent runs: it reads the call's {@link CallContext} (the caller, the
 * metadata), may hand on a context with more metadata, may refuse the call, and sees how it
 * ends. Set with {@code Agent.Builder.interceptor}; the first set is the outermost.
 *
 * <pre>{@code
 * Agent.builder().interceptor((call, next) -> {
 *   if (call.metadata().get("tenant").isEmpty()) {
 *     throw new CallRefusedException(call.path(), "acme.NoTenant", "every call names a tenant");
 *   }
 *   long start = System.nanoTime();
 *   return next.proceed(call).whenComplete((result, error) ->
 *       timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
 * })
 * }</pre>
 *
 * <p>It runs on the thread that runs the actor method, before it. Throwing, or returning a failed
 * future, refuses the call: the caller gets a {@link RemoteException} whose type is a {@link
 * CallRefusedException}'s {@code errorType}, else the exception's class name.
 */
@FunctionalInterface
public interface AgentInterceptor {
  /**
   * Runs the call, normally through {@code next.proceed(context)}, and returns its outcome (an
   * opaque value: the encoded result).
   */
  CompletableFuture<?> interceptDispatch(CallContext context, Chain next);

  /** The rest of the chain: the next interceptor, and at its end the actor. */
  @FunctionalInterface
  interface Chain {
    /** Runs the call with {@code context}, which the actor then sees as its current one. */
    CompletableFuture<?> proceed(CallContext context);
  }
}
