package dev.nanite.internal.agent;

import com.google.protobuf.ByteString;
import dev.nanite.AgentInterceptor;
import dev.nanite.CallContext;
import dev.nanite.internal.context.Contexts;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a call through the agent's interceptors to the actor. With none, the call goes straight
 * to the actor, at no cost; the actor sees as current the context the last interceptor handed
 * on.
 */
final class Interception {
  private final List<AgentInterceptor> interceptors;

  Interception(List<AgentInterceptor> interceptors) {
    this.interceptors = List.copyOf(interceptors);
  }

  /** Runs {@code route} with {@code args} for the call of {@code context}. */
  CompletableFuture<ByteString> run(CallContext context, Routes.Route route, ByteString args) {
    if (interceptors.isEmpty()) {
      return route.call(args);
    }
    return next(0, context, route, args);
  }

  @SuppressWarnings("unchecked") // the chain hands on what the actor's dispatch returned
  private CompletableFuture<ByteString> next(int index, CallContext context, Routes.Route route,
      ByteString args) {
    if (index == interceptors.size()) {
      CallContext before = Contexts.enter(context);
      try {
        return route.call(args);
      } finally {
        Contexts.restore(before);
      }
    }
    try {
      CompletableFuture<?> outcome = interceptors.get(index).interceptDispatch(context,
          handedOn -> next(index + 1, handedOn, route, args));
      if (outcome == null) {
        return CompletableFuture.failedFuture(new IllegalStateException("the agent interceptor "
            + interceptors.get(index).getClass().getName() + " returned no future"));
      }
      return (CompletableFuture<ByteString>) outcome;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e); // a refusal, or a failing interceptor
    }
  }
}
