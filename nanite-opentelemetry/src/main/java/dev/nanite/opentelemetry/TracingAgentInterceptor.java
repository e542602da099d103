package dev.nanite.opentelemetry;

import dev.nanite.AgentInterceptor;
import dev.nanite.CallContext;
import dev.nanite.Metadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a span for each call an agent runs, as a child of the caller's span found in the call's
 * metadata, current while the actor runs, and ends it with the call's outcome. See {@link
 * NaniteTelemetry}.
 */
final class TracingAgentInterceptor implements AgentInterceptor {
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  TracingAgentInterceptor(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public CompletableFuture<?> interceptDispatch(CallContext call, Chain next) {
    Context parent = propagator.extract(Context.current(), call.metadata(),
        MetadataCarrier.GETTER);
    Span span = Spans.start(tracer, call.path(), SpanKind.SERVER, parent)
        .setAttribute(NaniteAttributes.AGENT, call.agent())
        .setAttribute(NaniteAttributes.CALLER, call.caller())
        .setAttribute(NaniteAttributes.CALL_ID, call.callId());
    if (!call.account().isEmpty()) {
      span.setAttribute(NaniteAttributes.ACCOUNT, call.account());
    }
    Context context = parent.with(span);
    // The actor sees this span's context in its call's metadata, which the calls it makes
    // inherit: they nest under it even through a mapper that does not trace.
    Metadata[] carrier = {Metadata.EMPTY};
    propagator.inject(context, carrier, MetadataCarrier.SETTER);
    CallContext handedOn = carrier[0].isEmpty() ? call : call.withMetadata(carrier[0]);
    if (!span.isRecording()) {
      // Not sampled, or no SDK: the actor still sees the context, and passes it on.
      return runWithin(context, handedOn, next);
    }
    CompletableFuture<?> outcome;
    // Current while the actor runs (the runtime runs it inside proceed, on this thread): the
    // actor's own spans nest under it, and so do calls through a traced mapper.
    Scope scope = context.makeCurrent();
    try {
      outcome = next.proceed(handedOn);
    } catch (RuntimeException | Error e) {
      end(span, call, e); // refused by an interceptor further in: the actor did not run
      throw e;
    } finally {
      scope.close();
    }
    if (outcome == null) {
      end(span, call, new IllegalStateException("an agent interceptor returned no future"));
      return null;
    }
    return outcome.whenComplete((value, error) -> end(span, call, error));
  }

  private static CompletableFuture<?> runWithin(Context context, CallContext call, Chain next) {
    Scope scope = context.makeCurrent();
    try {
      return next.proceed(call);
    } finally {
      scope.close();
    }
  }

  private static void end(Span span, CallContext call, Throwable error) {
    if (call.isCancelled()) {
      // No result is sent. A caller's own cancel is not the agent's failure (as gRPC's servers
      // count CANCELLED); running past the deadline is.
      boolean late = call.deadline().map(deadline -> !Instant.now().isBefore(deadline))
          .orElse(false);
      span.setAttribute(NaniteAttributes.OUTCOME, late ? Outcomes.TIMEOUT : Outcomes.CANCELLED);
      if (late) {
        span.setStatus(StatusCode.ERROR, call.cancellationReason().orElse("deadline passed"));
      }
    } else if (error != null) {
      span.setAttribute(NaniteAttributes.OUTCOME, Outcomes.ERROR);
      Outcomes.fail(span, Outcomes.unwrap(error));
    } else {
      span.setAttribute(NaniteAttributes.OUTCOME, Outcomes.OK);
    }
    span.end();
  }
}
