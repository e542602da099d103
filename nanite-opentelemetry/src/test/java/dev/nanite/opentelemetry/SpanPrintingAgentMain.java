package dev.nanite.opentelemetry;

import dev.nanite.Agent;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;

/**
 * The two-JVM test's agent: a traced agent with an SDK of its own, whose exporter prints each
 * finished span as a {@link SpanLine} on standard output for the test to read. Prints {@code
 * READY} once it serves, and stops when its standard input closes (or it is killed).
 *
 * <p>Arguments: the broker's URI, the agent's identity, its tag.
 */
public final class SpanPrintingAgentMain {
  private SpanPrintingAgentMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    SpanExporter printing = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        synchronized (out) {
          spans.forEach(span -> out.println(SpanLine.format(span)));
          out.flush();
        }
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(printing)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
        Agent agent = NaniteTelemetry.create(sdk).instrument(Agent.builder().uri(args[0])
            .identity(args[1]).tags(args[2]).actor(new Relay(sdk.getTracer("relay"), null, null)))
            .start()) {
      synchronized (out) {
        out.println("READY " + agent.identity());
        out.flush();
      }
      while (System.in.read() >= 0) {
        // Runs until the test closes our input.
      }
    }
  }
}
