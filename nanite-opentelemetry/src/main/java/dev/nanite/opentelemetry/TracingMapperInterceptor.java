package dev.nanite.opentelemetry;

import dev.nanite.MapperInterceptor;
import dev.nanite.Metadata;
import dev.nanite.OutgoingCall;
import dev.nanite.Selector;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a span for each call a mapper makes, puts its trace context in the call's metadata, and
 * ends it with the call's outcome, before the caller hears of it. See {@link NaniteTelemetry}.
 */
final class TracingMapperInterceptor implements MapperInterceptor {
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Attempts attempts;

  TracingMapperInterceptor(Tracer tracer, TextMapPropagator propagator, Attempts attempts) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.attempts = attempts;
  }

  @Override
  public CompletableFuture<?> interceptCall(OutgoingCall call, Chain next) {
    Context parent = parent(call.options().metadata());
    boolean toAll = call.selector() instanceof Selector.All;
    Span span = Spans.start(tracer, call.path(), call.isPush() ? SpanKind.PRODUCER
        : SpanKind.CLIENT, parent)
        .setAttribute(NaniteAttributes.SELECTOR, call.selector().toString());
    if (call.isPush()) {
      span.setAttribute(NaniteAttributes.MESSAGING_OPERATION_TYPE, "send");
    }
    Context context = parent.with(span);
    Metadata[] carrier = {Metadata.EMPTY};
    propagator.inject(context, carrier, MetadataCarrier.SETTER);
    OutgoingCall traced = carrier[0].isEmpty() ? call
        : call.withOptions(call.options().withMetadata(carrier[0]));

    if (!span.isRecording()) {
      // Not sampled, or no SDK: the context still travels, so that the agents follow the
      // decision, but there is nothing to record, and so nothing to tie or end.
      Scope scope = context.makeCurrent();
      try {
        return next.proceed(traced);
      } finally {
        scope.close();
      }
    }
    CallSpan callSpan = new CallSpan(span, call.path(), toAll);
    CompletableFuture<?> outcome;
    attempts.making(callSpan);
    // Current while the rest of the chain runs, so that inner interceptors (a logging MDC, say)
    // see this call's span.
    Scope scope = context.makeCurrent();
    try {
      outcome = next.proceed(traced);
    } catch (RuntimeException | Error e) {
      callSpan.end(null, e); // refused by an interceptor further in: nothing was sent
      attempts.forget(callSpan);
      throw e;
    } finally {
      scope.close();
      attempts.made(callSpan);
    }
    if (outcome == null) {
      // The runtime fails such a call; the span says so too, rather than staying open.
      callSpan.end(null, new IllegalStateException("a mapper interceptor returned no future"));
      attempts.forget(callSpan);
      return null;
    }
    // A dependent future: the span has ended by the time the caller's callbacks run.
    return outcome.whenComplete((value, error) -> {
      callSpan.end(value, error);
      attempts.forget(callSpan);
    });
  }

  /**
   * The span the call belongs under: the current one, else, for a call an actor makes on an
   * agent that does not trace, the trace context the call inherited in its metadata.
   */
  private Context parent(Metadata metadata) {
    Context current = Context.current();
    if (metadata.isEmpty() || Span.fromContext(current).getSpanContext().isValid()) {
      return current;
    }
    return propagator.extract(current, metadata, MetadataCarrier.GETTER);
  }
}
