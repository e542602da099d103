package dev.nanite.bench.scenarios;

import dev.nanite.Mapper;
import dev.nanite.Replies;
import dev.nanite.Selector;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 2: a call to every one of 8 agents ({@link Selector#ALL}), against a plain
 * amqp-client fanout to 8 workers that completes when all 8 replies are in. Two more plain
 * variants show where a difference comes from, with no target: workers answering from a pool
 * (the hand-off an agent makes), and calls addressed to each worker's queue by name (the routing
 * a call to all makes, since it goes to the agents the mapper selected). A fourth carries as many
 * bytes per message as the fabric and sets the same per-message options: what of the difference
 * is the broker's work for the fabric's messages rather than the fabric's own.
 */
public final class AllAgents implements Scenario {
  private static final Logger log = LoggerFactory.getLogger(AllAgents.class);
  private static final String NAME = "2 all, 8 agents";
  private static final int AGENTS = 8;
  private static final int IN_FLIGHT = 8;
  private static final String ADDRESSED = "the same RPC addressed to each worker's queue";
  private static final String SAME_WIRE =
      "the addressed RPC with the fabric's message sizes and options";

  @Override
  public String name() {
    return "all-agents";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    byte[] payload = RequestReply.payload(100);
    Mapper mapper = EchoAgents.start(bench, AGENTS, new LongAdder());
    EchoClient echo = new EchoClient(mapper);
    RawRpc raw = bench.track(new RawRpc(bench.uri(), AGENTS, 64, Routing.FANOUT));
    // The same calls addressed to each worker's queue by name, as the fabric addresses the agents
    // its mapper selected (a fanout exchange reaches whatever is bound to it): what the routing
    // a call to all needs costs the broker, shown with no target.
    RawRpc addressed = bench.track(new RawRpc(bench.uri(), AGENTS, 64, Routing.ADDRESSED));
    // As in scenario 1: the same fanout with workers answering from a pool, as agents run actor
    // calls off their connection's thread; shown for what the hand-off costs, with no target.
    // The addressed RPC once more, its messages as large as the fabric's and published with the
    // same options: whatever remains between the two is the fabric's own doing, not the broker's.
    RawRpc.SameWire wireSizes = FabricWire.echo(bench, mapper, payload);
    log.info("fabric call to /echo/echo on the wire: {}", wireSizes);
    RawRpc sameWire = bench.track(new RawRpc(bench.uri(), AGENTS, 64, Routing.ADDRESSED, null,
        wireSizes));
    ExecutorService pool = Executors.newFixedThreadPool(4, RequestReply.daemons());
    bench.track(pool::shutdownNow);
    RawRpc handed = bench.track(new RawRpc(bench.uri(), AGENTS, 64, Routing.FANOUT, pool));
    Supplier<CompletableFuture<Replies<byte[]>>> fabric =
        () -> echo.echo(payload, Selector.ALL).thenApply(AllAgents::complete);
    Supplier<CompletableFuture<byte[]>> baseline = () -> raw.call(payload);
    Supplier<CompletableFuture<byte[]>> handoff = () -> handed.call(payload);
    Supplier<CompletableFuture<byte[]>> byName = () -> addressed.call(payload);
    Supplier<CompletableFuture<byte[]>> asFabric = () -> sameWire.call(payload);

    int latencyCalls = bench.size(3_000, 200);
    int throughputCalls = bench.size(6_000, 400);
    Map<String, Supplier<? extends CompletableFuture<?>>> paths = new LinkedHashMap<>();
    paths.put("fabric calls to all", fabric);
    paths.put("plain fanout", baseline);
    paths.put("plain fanout with hand-off", handoff);
    paths.put("plain calls addressed by name", byName);
    paths.put("plain calls with the fabric's wire", asFabric);
    for (Map.Entry<String, Supplier<? extends CompletableFuture<?>>> path : paths.entrySet()) {
      Warmup.untilSettled(bench, path.getKey(), () -> Load.throughput(path.getValue(),
          throughputCalls, IN_FLIGHT, RequestReply.LIMIT));
    }
    int reps = bench.pairs();
    double[][] fab = new double[3][reps];
    double[][] base = new double[3][reps];
    double[][] hand = new double[3][reps];
    double[][] named = new double[3][reps];
    double[][] wire = new double[3][reps];
    for (int rep = 0; rep < reps; rep++) {
      measure(fabric, latencyCalls, throughputCalls, fab, rep);
      measure(baseline, latencyCalls, throughputCalls, base, rep);
      measure(handoff, latencyCalls, throughputCalls, hand, rep);
      measure(byName, latencyCalls, throughputCalls, named, rep);
      measure(asFabric, latencyCalls, throughputCalls, wire, rep);
      log.info("repetition {}: p50 {} / {} / {} / {} / {} µs, {} / {} / {} / {} / {} replies/s"
          + " (fabric / fanout / hand-off / addressed / same wire)", rep + 1,
          Math.round(fab[0][rep]), Math.round(base[0][rep]), Math.round(hand[0][rep]),
          Math.round(named[0][rep]), Math.round(wire[0][rep]), Math.round(fab[2][rep]),
          Math.round(base[2][rep]), Math.round(hand[2][rep]), Math.round(named[2][rep]),
          Math.round(wire[2][rep]));
    }
    Cost fabricCost = Cost.perCall(bench, fabric, throughputCalls);
    Cost baselineCost = Cost.perCall(bench, baseline, throughputCalls);
    String fanout = "plain amqp-client fanout";
    List<Row> rows = new ArrayList<>(List.of(
        // The latency and throughput targets hold for every scenario with a baseline.
        row("p50 completion latency, 1 in flight", "µs", fab[0], base[0], fanout,
            Goal.ratioAtMost(1.1)),
        row("p99 completion latency, 1 in flight", "µs", fab[1], base[1], fanout, Goal.NONE),
        row("replies/s, " + IN_FLIGHT + " calls in flight", "replies/s", fab[2], base[2], fanout,
            Goal.ratioAtLeast(0.9)),
        row("p50 completion latency, 1 in flight", "µs", fab[0], hand[0],
            RequestReply.HANDOFF, Goal.NONE),
        row("replies/s, " + IN_FLIGHT + " calls in flight", "replies/s", fab[2], hand[2],
            RequestReply.HANDOFF, Goal.NONE),
        row("p50 completion latency, 1 in flight", "µs", fab[0], named[0], ADDRESSED, Goal.NONE),
        row("replies/s, " + IN_FLIGHT + " calls in flight", "replies/s", fab[2], named[2],
            ADDRESSED, Goal.NONE),
        row("p50 completion latency, 1 in flight", "µs", fab[0], wire[0], SAME_WIRE, Goal.NONE),
        row("replies/s, " + IN_FLIGHT + " calls in flight", "replies/s", fab[2], wire[2],
            SAME_WIRE, Goal.NONE)));
    rows.addAll(Cost.cpuRows(bench, NAME, "call to all", fabricCost, baselineCost, fanout));
    if (bench.brokerCpu() != null) { // else only the clients' CPU would compare, as above
      Cost addressedCost = Cost.perCall(bench, byName, throughputCalls);
      rows.add(Cost.totalRow(NAME, "call to all", fabricCost, addressedCost, ADDRESSED));
    }
    // Whether the broker spends for the fabric what it spends for the same bytes and options.
    Cost sameWireCost = Cost.perCall(bench, asFabric, throughputCalls);
    rows.addAll(Cost.cpuRows(bench, NAME, "call to all", fabricCost, sameWireCost, SAME_WIRE));
    return rows;
  }

  private static Replies<byte[]> complete(Replies<byte[]> replies) {
    if (!replies.allSucceeded() || replies.values().size() != AGENTS) {
      throw new IllegalStateException("not every agent answered: " + replies);
    }
    return replies;
  }

  private static void measure(Supplier<? extends CompletableFuture<?>> path, int latencyCalls,
      int throughputCalls, double[][] into, int rep) throws Exception {
    Samples samples = Load.oneAtATime(path, latencyCalls, RequestReply.LIMIT);
    into[0][rep] = samples.quantileMicros(0.50);
    into[1][rep] = samples.quantileMicros(0.99);
    into[2][rep] = AGENTS
        * Load.throughput(path, throughputCalls, IN_FLIGHT, RequestReply.LIMIT);
  }

  private static Row row(String metric, String unit, double[] fabric, double[] baseline,
      String baselineName, Goal goal) {
    return Row.paired(NAME, metric, unit, fabric, baseline, baselineName, goal);
  }
}
