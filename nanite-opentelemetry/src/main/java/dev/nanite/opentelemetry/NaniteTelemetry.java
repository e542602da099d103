package dev.nanite.opentelemetry;

import dev.nanite.Agent;
import dev.nanite.AgentInterceptor;
import dev.nanite.CallObserver;
import dev.nanite.Mapper;
import dev.nanite.MapperInterceptor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;

/**
 * Traces Nanite calls with OpenTelemetry: a span for each call a mapper makes, a span for each
 * call an agent runs, the second a child of the first across processes, as the caller's trace
 * context travels in the call's {@link dev.nanite.Metadata}.
 *
 * <pre>{@code
 * NaniteTelemetry telemetry = NaniteTelemetry.create(openTelemetry); // or GlobalOpenTelemetry.get()
 * Mapper mapper = telemetry.instrument(Mapper.builder().uri(uri)).start();
 * Agent agent = telemetry.instrument(Agent.builder().uri(uri).actor(new Mock())).start();
 * }</pre>
 *
 * <p><b>Mapper.</b> A call's span is of kind {@code CLIENT} (a push's {@code PRODUCER}; a call to
 * all is one span), named as OpenTelemetry's RPC conventions name spans, {@code
 * <rpc.service>/<rpc.method>}: {@code mock/list} for the path {@code /mock/list}. It starts
 * under the current span (else, for a call an actor makes, under the trace context the call
 * inherited) and ends when the call does, before the caller's callbacks run. Its attributes:
 * {@code rpc.system = nanite}, {@code rpc.service}, {@code rpc.method}, {@code nanite.path},
 * {@code nanite.selector}, {@code nanite.outcome}, and, when the mapper tells which, {@code
 * nanite.agent}, {@code nanite.call_id} and {@code nanite.attempts}; a call sent again to another
 * agent adds a {@code nanite.moved_on} and a {@code nanite.retry} event. A failed call has the
 * error status, {@code error.type} and an exception event. The propagators of the {@link
 * OpenTelemetry} given (W3C trace context and baggage by default) write the span's context
 * into the call's metadata: {@code traceparent}, {@code tracestate}, {@code baggage}.
 *
 * <p><b>Agent.</b> A call's span is of kind {@code SERVER}, named as the mapper's, a child of
 * the span whose context the call carries, with the RPC attributes, {@code nanite.agent}, {@code
 * nanite.caller}, {@code nanite.call_id} and {@code nanite.outcome}. It is current while the
 * actor method runs, so spans the actor opens nest under it, and calls the actor makes through
 * a traced mapper are its children.
 *
 * <p><b>Conventions.</b> The RPC conventions name the spans and set their kinds and the {@code
 * rpc.*} attributes; of the messaging conventions, every span carries {@code messaging.system =
 * rabbitmq} (calls travel over AMQP 0-9-1) and a push's {@code messaging.operation.type = send}.
 * {@link NaniteAttributes} lists every key. Needs only the OpenTelemetry API: give it the SDK
 * the application configured, or {@code GlobalOpenTelemetry.get()} under the OpenTelemetry
 * Java agent. Thread-safe; one instance may serve any number of mappers and agents.
 */
public final class NaniteTelemetry {
  /** The instrumentation scope of the spans. */
  public static final String INSTRUMENTATION_NAME = "dev.nanite.opentelemetry";

  private final Attempts attempts = new Attempts();
  private final MapperInterceptor mapperInterceptor;
  private final AgentInterceptor agentInterceptor;

  private NaniteTelemetry(OpenTelemetry openTelemetry) {
    TracerBuilder builder = openTelemetry.tracerBuilder(INSTRUMENTATION_NAME);
    String version = NaniteTelemetry.class.getPackage().getImplementationVersion();
    Tracer tracer = (version == null ? builder : builder.setInstrumentationVersion(version))
        .build();
    TextMapPropagator propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.mapperInterceptor = new TracingMapperInterceptor(tracer, propagator, attempts);
    this.agentInterceptor = new TracingAgentInterceptor(tracer, propagator);
  }

  /** Tracing with the tracers and propagators of {@code openTelemetry}. */
  public static NaniteTelemetry create(OpenTelemetry openTelemetry) {
    return new NaniteTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * The interceptor that opens each call's span on a mapper; add it with {@link
   * Mapper.Builder#interceptor}, before interceptors whose work the span should cover, and
   * {@link #callObserver()} with it. {@link #instrument(Mapper.Builder)} adds both.
   */
  public MapperInterceptor mapperInterceptor() {
    return mapperInterceptor;
  }

  /**
   * The observer that adds to a call's span the agents it was sent to and its retries; add it
   * with {@link Mapper.Builder#observer} beside {@link #mapperInterceptor()}. Without it the
   * spans still show each call and its outcome.
   */
  public CallObserver callObserver() {
    return attempts;
  }

  /**
   * The interceptor that opens each call's span on an agent; add it with {@link
   * Agent.Builder#interceptor}, first, so that the span covers the other interceptors.
   */
  public AgentInterceptor agentInterceptor() {
    return agentInterceptor;
  }

  /** Adds {@link #mapperInterceptor()} and {@link #callObserver()} to {@code mapper}. */
  public Mapper.Builder instrument(Mapper.Builder mapper) {
    return mapper.interceptor(mapperInterceptor).observer(attempts);
  }

  /** Adds {@link #agentInterceptor()} to {@code agent}. */
  public Agent.Builder instrument(Agent.Builder agent) {
    return agent.interceptor(agentInterceptor);
  }

  /** How many calls' ids are held to tie their attempts to their spans; 0 when none is in flight. */
  int callsTied() {
    return attempts.tied();
  }
}
