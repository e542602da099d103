package dev.nanite.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/** What the mapper's and the agent's spans of one path have in common: name and RPC attributes. */
final class Spans {
  private Spans() {}

  /**
   * Starts the span of a call to {@code path} ({@code /mock/list}): named {@code mock/list}, as
   * the RPC conventions name a span {@code <rpc.service>/<rpc.method>}.
   */
  static Span start(Tracer tracer, String path, SpanKind kind, Context parent) {
    // A path is /prefix/name, checked by the runtime before any interceptor sees it.
    int slash = path.indexOf('/', 1);
    return tracer.spanBuilder(path.substring(1))
        .setSpanKind(kind)
        .setParent(parent)
        .setAttribute(NaniteAttributes.RPC_SYSTEM, NaniteAttributes.RPC_SYSTEM_NANITE)
        .setAttribute(NaniteAttributes.RPC_SERVICE, path.substring(1, slash))
        .setAttribute(NaniteAttributes.RPC_METHOD, path.substring(slash + 1))
        .setAttribute(NaniteAttributes.MESSAGING_SYSTEM,
            NaniteAttributes.MESSAGING_SYSTEM_RABBITMQ)
        .setAttribute(NaniteAttributes.PATH, path)
        .startSpan();
  }
}
