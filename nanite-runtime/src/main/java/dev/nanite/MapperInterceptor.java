package dev.nanite;

import java.util.concurrent.CompletableFuture;

/**
 * Code around each call a mapper makes (typed or not, to one agent or all, and pushes): it may
 * add metadata, refuse the call before anything is sent, and see how it ends. Set with {@code
 * Mapper.Builder.interceptor}; the first set is the outermost.
 *
 * <pre>{@code
 * Mapper.builder().interceptor((call, next) ->
 *     next.proceed(call.withMetadata("request-id", RequestIds.current())))
 * }</pre>
 *
 * <p>It runs on the thread that makes the call. Throwing, or returning a failed future, refuses
 * the call: the caller's future fails with that exception and nothing is sent. Each attempt of a
 * call (the first send and every re-send to another agent) is told to {@link CallObserver}s.
 */
@FunctionalInterface
public interface MapperInterceptor {
  /**
   * Makes the call, normally through {@code next.proceed(call)}, and returns its outcome: the
   * result, a {@link Replies} for a call to all, null for a push.
   */
  CompletableFuture<?> interceptCall(OutgoingCall call, Chain next);

  /** The rest of the chain: the next interceptor, and at its end the sending. */
  @FunctionalInterface
  interface Chain {
    /** Makes {@code call}, as this interceptor may have changed it. */
    CompletableFuture<?> proceed(OutgoingCall call);
  }
}
