package dev.nanite.bench.scenarios;

import com.google.protobuf.ByteString;
import dev.nanite.Marshaller;
import dev.nanite.bench.Bench;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Row;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.jmh.CodecBenchmark;
import dev.nanite.bench.jmh.OrdersProtocol;
import dev.nanite.stub.Args;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 5: the mapper's hot paths under JMH, with no broker: choosing one agent among
 * 1,000, taking pings into the registry, and the generated request codec against Java
 * serialization. Each benchmark runs in one forked JVM with a fixed heap, so the bench JVM's
 * broker and earlier scenarios do not disturb it. The selection and ping benchmarks need the
 * mapper's package-private classes, so they live in nanite-runtime's tests and come from its
 * test jar; the codec benchmark needs generated code, so it lives here.
 */
public final class MapperInternals implements Scenario {
  private static final Logger log = LoggerFactory.getLogger(MapperInternals.class);
  private static final String SCENARIO = "5 mapper internals";
  private static final String SELECTION = "dev.nanite.internal.mapper.SelectionBenchmark";
  private static final String PINGS = "dev.nanite.internal.mapper.PingIngestBenchmark";
  private static final String CODEC = CodecBenchmark.class.getName();

  @Override
  public String name() {
    return "mapper-internals";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    Map<String, RunResult> results = runJmh(bench.quick());
    List<Row> rows = new ArrayList<>();
    rows.add(Row.value(SCENARIO, "select 1 of 1,000 agents, least-loaded (median)", "ns",
        median(results, SELECTION + ".leastLoaded"), Goal.valueAtMost(1000, "< 1 µs median")));
    rows.add(Row.value(SCENARIO, "select 1 of 1,000 agents, random (median)", "ns",
        median(results, SELECTION + ".random"), Goal.valueAtMost(1000, "< 1 µs median")));
    rows.add(Row.value(SCENARIO, "select 1 of 1,000 agents, round-robin (median)", "ns",
        median(results, SELECTION + ".roundRobin"), Goal.valueAtMost(1000, "< 1 µs median")));
    rows.add(Row.value(SCENARIO, "pings taken from raw bytes, 1 thread, 1,000 agents", "pings/s",
        score(results, PINGS + ".ping"),
        Goal.valueAtLeast(100_000, "≥ 100,000/s on one core")));
    rows.add(new Row(SCENARIO, "request encode + decode, /orders/place", "ns",
        score(results, CODEC + ".generated"), score(results, CODEC + ".javaSerialization"),
        "Java serialization",
        new Goal("faster than Java serialization", Goal.Kind.RATIO_AT_MOST, 1.0)));
    rows.add(encodedSizes());
    return rows;
  }

  /**
   * Runs the benchmarks: one fork each (never in this JVM, which hosts the broker), bounded
   * to about 10 s per benchmark in a full run and 3 s in a quick one (mostly the fork).
   */
  private static Map<String, RunResult> runJmh(boolean quick) throws Exception {
    // JMH's progress goes to a file: stdout carries the results table.
    Path output = Files.createTempFile("nanite-jmh-", ".log");
    log.info("JMH output: {}", output);
    Options options = new OptionsBuilder()
        .include("^(" + Pattern.quote(SELECTION) + "|" + Pattern.quote(PINGS) + "|"
            + Pattern.quote(CODEC) + ")\\.")
        .forks(1)
        .jvmArgs("-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
        .warmupIterations(quick ? 1 : 3)
        .warmupTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
        .measurementIterations(quick ? 1 : 5)
        .measurementTime(quick ? TimeValue.milliseconds(200) : TimeValue.seconds(1))
        .timeout(TimeValue.seconds(30))
        .shouldFailOnError(true)
        .output(output.toString())
        .build();
    Collection<RunResult> runs = new Runner(options).run();
    Map<String, RunResult> byName = new HashMap<>();
    for (RunResult run : runs) {
      byName.put(run.getParams().getBenchmark(), run);
      log.info("{}: {}", run.getParams().getBenchmark(), run.getPrimaryResult());
    }
    return byName;
  }

  /** The median of a sampled benchmark, in its output unit. */
  private static double median(Map<String, RunResult> results, String benchmark) {
    RunResult run = results.get(benchmark);
    return run == null ? Double.NaN
        : run.getPrimaryResult().getStatistics().getPercentile(50);
  }

  /** The score (mean over iterations) of a benchmark, in its output unit. */
  private static double score(Map<String, RunResult> results, String benchmark) {
    RunResult run = results.get(benchmark);
    return run == null ? Double.NaN : run.getPrimaryResult().getScore();
  }

  /** Both encodings of the same request, after checking that each decodes to what it was. */
  private static Row encodedSizes() throws Exception {
    Marshaller<Args> marshaller = OrdersProtocol.PLACE.requestMarshaller();
    Args args = CodecBenchmark.args();
    byte[] generated = marshaller.encode(args).toByteArray();
    Object[] values = CodecBenchmark.serializableValues();
    byte[] serialized = CodecBenchmark.serialize(values);
    if (!marshaller.decode(ByteString.copyFrom(generated)).equals(args)
        || !Arrays.deepEquals(CodecBenchmark.deserialize(serialized), values)) {
      throw new IllegalStateException("a codec did not give back the request it encoded");
    }
    return new Row(SCENARIO, "encoded request size, /orders/place", "bytes", generated.length,
        serialized.length, "Java serialization", Goal.NONE);
  }
}
