package dev.nanite.bench.scenarios;

import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.bench.Bench;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Load;
import dev.nanite.bench.Row;
import dev.nanite.bench.Samples;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.Warmup;
import dev.nanite.bench.actors.EchoActor;
import dev.nanite.bench.actors.EchoClient;
import dev.nanite.opentelemetry.NaniteTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 9 (issue 25): what tracing with nanite-opentelemetry costs a request/reply, 100-byte
 * argument and result, against the same call untraced, in the same run. Three fabrics share the
 * broker, each a mapper and two echo agents: untraced (scenario 1's fabric, the baseline);
 * traced with the OpenTelemetry SDK as an application would run it, every call sampled, spans
 * batched to an exporter that drops them (what is measured is making the spans, not shipping
 * them); traced through the OpenTelemetry API with no SDK (the cost of the interceptors and the
 * propagation alone, as where the library is installed but tracing is off). They take turns, as
 * in scenario 8, each turn measuring latency one call at a time, throughput 64 in flight, and
 * the CPU and allocation per call 64 in flight, and each turn's ratio is taken; each variant's
 * agents carry its tag, which every call asks for.
 */
public final class TracingCost implements Scenario {
  private static final Logger log = LoggerFactory.getLogger(TracingCost.class);
  static final String NAME = "9 tracing";
  private static final String OFF = "untraced";
  private static final Duration LIMIT = Duration.ofMinutes(2);

  @Override
  public String name() {
    return "tracing";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    byte[] payload = RequestReply.payload(100);
    Dropping exporter = new Dropping();
    OpenTelemetrySdk sdk = bench.track(OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            // A queue that holds a second of this load's spans, so none is dropped unmade.
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxQueueSize(32_768)
                .build())
            .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build());
    NaniteTelemetry traced = NaniteTelemetry.create(sdk);
    NaniteTelemetry noSdk = NaniteTelemetry.create(OpenTelemetry.noop());

    Supplier<CompletableFuture<byte[]>> off = variant(bench, "untraced", payload,
        Function.identity(), Function.identity());
    Supplier<CompletableFuture<byte[]>> on = variant(bench, "traced", payload,
        traced::instrument, traced::instrument);
    Supplier<CompletableFuture<byte[]>> api = variant(bench, "api-only", payload,
        noSdk::instrument, noSdk::instrument);

    int latencyCalls = bench.size(2_000, 200);
    int throughputCalls = bench.size(20_000, 1_000);
    int reps = bench.pairs();
    double[][] o = new double[5][reps];
    double[][] t = new double[5][reps];
    double[][] a = new double[5][reps];
    // One warm-up over the three in turn, as scenario 8's: they share all but the tracing.
    double[][] discarded = new double[5][1];
    Warmup.untilSettled(bench, "untraced / traced / API-only request/reply", () -> {
      long start = System.nanoTime();
      measure(bench, off, latencyCalls / 4, throughputCalls / 4, discarded, 0);
      measure(bench, on, latencyCalls / 4, throughputCalls / 4, discarded, 0);
      measure(bench, api, latencyCalls / 4, throughputCalls / 4, discarded, 0);
      return 3 * (latencyCalls / 4 + 2 * (throughputCalls / 4)) * 1e9
          / (System.nanoTime() - start);
    });
    // The CPU per call is measured in each turn too, and paired: a single measurement of each
    // moved by a fifth with the load of the shared machine, more than tracing adds.
    for (int rep = 0; rep < reps; rep++) {
      measure(bench, off, latencyCalls, throughputCalls, o, rep);
      measure(bench, on, latencyCalls, throughputCalls, t, rep);
      measure(bench, api, latencyCalls, throughputCalls, a, rep);
      log.info("repetition {}: p50 {} / {} / {} µs, {} / {} / {} req/s, CPU {} / {} / {} µs"
          + " per request (untraced / traced / API only)", rep + 1, Math.round(o[0][rep]),
          Math.round(t[0][rep]), Math.round(a[0][rep]), Math.round(o[2][rep]),
          Math.round(t[2][rep]), Math.round(a[2][rep]), Math.round(o[3][rep]),
          Math.round(t[3][rep]), Math.round(a[3][rep]));
    }
    sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    log.info("spans exported (and dropped by the exporter): {}", exporter.spans.sum());

    String sampled = "traced, SDK, every call sampled: ";
    String apiOnly = "traced, API without an SDK: ";
    String cpu = "CPU per request, mapper + agents + load driver (this JVM"
        + (bench.embedded() ? ", broker's threads not counted)" : ")");
    String allocation = "allocation per request (whole JVM: mapper, agents"
        + (bench.embedded() ? ", broker)" : ")");
    return List.of(
        paired(sampled + "p50 latency, 1 in flight", "µs", t[0], o[0]),
        paired(sampled + "p99 latency, 1 in flight", "µs", t[1], o[1]),
        paired(sampled + "throughput, 64 in flight", "req/s", t[2], o[2]),
        paired(sampled + cpu, "µs", t[3], o[3]),
        paired(sampled + allocation, "bytes", t[4], o[4]),
        paired(apiOnly + "p50 latency, 1 in flight", "µs", a[0], o[0]),
        paired(apiOnly + "throughput, 64 in flight", "req/s", a[2], o[2]),
        paired(apiOnly + cpu, "µs", a[3], o[3]));
  }

  /**
   * Starts two echo agents and a mapper, each builder passed through its instrumenting
   * function, the agents tagged {@code tag}, and returns a call through that mapper to those
   * agents only.
   */
  private static Supplier<CompletableFuture<byte[]>> variant(Bench bench, String tag,
      byte[] payload, Function<Agent.Builder, Agent.Builder> agents,
      Function<Mapper.Builder, Mapper.Builder> mapperBuilder) throws Exception {
    for (int i = 0; i < 2; i++) {
      bench.agent(agents.apply(Agent.builder().actor(new EchoActor(new LongAdder())).tags(tag)));
    }
    Mapper mapper = bench.mapper(mapperBuilder.apply(Mapper.builder()));
    EchoClient echo = new EchoClient(mapper);
    CallOptions options = CallOptions.DEFAULT.withTags(tag);
    Bench.await("2 " + tag + " echo agents", Duration.ofSeconds(30), () -> mapper.agents()
        .stream().filter(agent -> agent.tags().contains(tag)).count() == 2);
    return () -> echo.echo(payload, Selector.LEAST_LOADED, options);
  }

  /** p50, p99, throughput, then CPU µs and bytes allocated per call 64 in flight. */
  private static void measure(Bench bench, Supplier<CompletableFuture<byte[]>> path,
      int latencyCalls, int throughputCalls, double[][] into, int rep) throws Exception {
    Samples samples = Load.oneAtATime(path, latencyCalls, LIMIT);
    into[0][rep] = samples.quantileMicros(0.50);
    into[1][rep] = samples.quantileMicros(0.99);
    into[2][rep] = Load.throughput(path, throughputCalls, 64, LIMIT);
    Cost cost = Cost.perCall(bench, path, throughputCalls);
    into[3][rep] = cost.clientMicros();
    into[4][rep] = cost.bytes();
  }

  private static Row paired(String metric, String unit, double[] variant, double[] off) {
    return Row.paired(NAME, metric, unit, variant, off, OFF, Goal.NONE);
  }

  /** Takes the batches and drops them, counting the spans: exporting is not what is measured. */
  private static final class Dropping implements SpanExporter {
    final LongAdder spans = new LongAdder();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.add(batch.size());
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
  }
}
