package dev.nanite.bench.scenarios;

import dev.nanite.Mapper;
import dev.nanite.bench.Bench;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Load;
import dev.nanite.bench.Row;
import dev.nanite.bench.Samples;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.Warmup;
import dev.nanite.bench.actors.EchoClient;
import dev.nanite.bench.baseline.FabricWire;
import dev.nanite.bench.baseline.RawRpc.Routing;
import dev.nanite.bench.baseline.RawRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 1: request/reply through one mapper to two agents, 100-byte argument and result,
 * against plain amqp-client RPC with two workers on a shared queue, in the same run. Two more
 * plain variants, with no target, show where a difference comes from: workers answering from a
 * pool (the hand-off an agent makes), and messages as large as the fabric's with the same
 * per-message options (the broker's work for what a fabric call carries).
 */
public final class RequestReply implements Scenario {
  private static final Logger log = LoggerFactory.getLogger(RequestReply.class);
  static final String NAME = "1 request/reply";
  static final String HANDOFF = "the same RPC answering from a worker pool";
  private static final String SAME_WIRE =
      "the same RPC with the fabric's message sizes and options";
  static final Duration LIMIT = Duration.ofMinutes(2);

  @Override
  public String name() {
    return "request-reply";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    byte[] payload = payload(100);
    Mapper mapper = EchoAgents.start(bench, 2, new LongAdder());
    EchoClient echo = new EchoClient(mapper);
    RawRpc raw = bench.track(new RawRpc(bench.uri(), 2, 64, Routing.SHARED_QUEUE));
    // The same RPC answering from a worker pool behind amqp-client's dispatch threads: what
    // one more hand-off per request costs (agents run actor calls on their own pool, but take
    // deliveries on the connection's reader thread, so they pay as many hops as plain RPC).
    ExecutorService pool = Executors.newFixedThreadPool(4, daemons());
    bench.track(pool::shutdownNow);
    RawRpc handed = bench.track(new RawRpc(bench.uri(), 2, 64, Routing.SHARED_QUEUE, pool));
    Supplier<CompletableFuture<byte[]>> fabric = () -> echo.echo(payload);
    Supplier<CompletableFuture<byte[]>> baseline = () -> raw.call(payload);
    Supplier<CompletableFuture<byte[]>> handoff = () -> handed.call(payload);
    // The plain RPC with messages as large as the fabric's and the same per-message options:
    // what remains between the two is the fabric's own doing, not the broker's.
    RawRpc sameWire = bench.track(new RawRpc(bench.uri(), 2, 64, Routing.SHARED_QUEUE, null,
        FabricWire.echo(bench, mapper, payload)));
    Supplier<CompletableFuture<byte[]>> asFabric = () -> sameWire.call(payload);

    int latencyCalls = bench.size(10_000, 500);
    int throughputCalls = bench.size(30_000, 2_000);
    int reps = bench.pairs();
    double[][] fab = new double[4][reps];
    double[][] base = new double[4][reps];
    double[][] hand = new double[4][reps];
    double[][] wire = new double[4][reps];
    // Warm up every path (JIT, channel pools, the broker) until its throughput settles.
    double[][] discarded = new double[4][1];
    Map<String, Supplier<CompletableFuture<byte[]>>> paths = new LinkedHashMap<>();
    paths.put("fabric request/reply", fabric);
    paths.put("plain RPC", baseline);
    paths.put("plain RPC with hand-off", handoff);
    paths.put("plain RPC with the fabric's wire", asFabric);
    for (Map.Entry<String, Supplier<CompletableFuture<byte[]>>> path : paths.entrySet()) {
      Warmup.untilSettled(bench, path.getKey(), () -> {
        measure(path.getValue(), latencyCalls, throughputCalls, discarded, 0);
        return discarded[3][0];
      });
    }
    for (int rep = 0; rep < reps; rep++) {
      measure(fabric, latencyCalls, throughputCalls, fab, rep);
      measure(baseline, latencyCalls, throughputCalls, base, rep);
      measure(handoff, latencyCalls, throughputCalls, hand, rep);
      measure(asFabric, latencyCalls, throughputCalls, wire, rep);
      log.info("repetition {}: p50 {} / {} / {} / {} µs, {} / {} / {} / {} req/s (fabric /"
          + " baseline / hand-off / same wire)", rep + 1, Math.round(fab[0][rep]),
          Math.round(base[0][rep]), Math.round(hand[0][rep]), Math.round(wire[0][rep]),
          Math.round(fab[3][rep]), Math.round(base[3][rep]), Math.round(hand[3][rep]),
          Math.round(wire[3][rep]));
    }
    Cost fabricCost = Cost.perCall(bench, fabric, throughputCalls);
    Cost baselineCost = Cost.perCall(bench, baseline, throughputCalls);
    String rpc = "plain amqp-client RPC";
    List<Row> rows = new ArrayList<>(List.of(
        row("p50 latency, 1 in flight", "µs", fab[0], base[0], rpc, Goal.ratioAtMost(1.1)),
        row("p99 latency, 1 in flight", "µs", fab[1], base[1], rpc, Goal.NONE),
        row("p99.9 latency, 1 in flight", "µs", fab[2], base[2], rpc, Goal.NONE),
        row("throughput, 64 in flight", "req/s", fab[3], base[3], rpc, Goal.ratioAtLeast(0.9)),
        row("p50 latency, 1 in flight", "µs", fab[0], hand[0], HANDOFF, Goal.NONE),
        row("throughput, 64 in flight", "req/s", fab[3], hand[3], HANDOFF, Goal.NONE),
        row("p50 latency, 1 in flight", "µs", fab[0], wire[0], SAME_WIRE, Goal.NONE),
        row("throughput, 64 in flight", "req/s", fab[3], wire[3], SAME_WIRE, Goal.NONE),
        new Row(NAME, bench.embedded()
            ? "allocation per request (whole JVM: mapper, agents, broker)"
            : "allocation per request (mapper and agents)", "bytes",
            fabricCost.bytes(), baselineCost.bytes(), rpc, Goal.NONE)));
    rows.addAll(Cost.cpuRows(bench, NAME, "request", fabricCost, baselineCost, rpc));
    // Whether the broker spends for the fabric what it spends for the same bytes and options.
    Cost sameWireCost = Cost.perCall(bench, asFabric, throughputCalls);
    rows.addAll(Cost.cpuRows(bench, NAME, "request", fabricCost, sameWireCost, SAME_WIRE));
    return rows;
  }

  private static void measure(Supplier<CompletableFuture<byte[]>> path, int latencyCalls,
      int throughputCalls, double[][] into, int rep) throws Exception {
    Samples samples = Load.oneAtATime(path, latencyCalls, LIMIT);
    into[0][rep] = samples.quantileMicros(0.50);
    into[1][rep] = samples.quantileMicros(0.99);
    into[2][rep] = samples.quantileMicros(0.999);
    into[3][rep] = Load.throughput(path, throughputCalls, 64, LIMIT);
  }

  private static Row row(String metric, String unit, double[] fabric, double[] baseline,
      String baselineName, Goal goal) {
    return Row.paired(NAME, metric, unit, fabric, baseline, baselineName, goal);
  }

  static ThreadFactory daemons() {
    return r -> {
      Thread t = new Thread(r, "baseline-worker");
      t.setDaemon(true);
      return t;
    };
  }

  static byte[] payload(int size) {
    byte[] payload = new byte[size];
    ThreadLocalRandom.current().nextBytes(payload);
    return payload;
  }
}
