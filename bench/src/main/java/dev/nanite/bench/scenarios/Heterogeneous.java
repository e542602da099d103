package dev.nanite.bench.scenarios;

import dev.nanite.Agent;
import dev.nanite.AgentInfo;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.bench.Bench;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Row;
import dev.nanite.bench.Samples;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.actors.JobActor;
import dev.nanite.bench.actors.JobClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4: four agents, one three times slower per call, under a fixed offered load (open
 * loop: calls leave on a schedule, whatever the replies do, and latency counts from the
 * scheduled time). Each selector's p99 is compared with least-loaded's p99 when all four agents
 * are fast, and the slow agent's share with its share of the capacity.
 *
 * <p>Agents run one call at a time and report their backlog (calls queued or running) as their
 * status, every second: a real load signal, and a stale one between pings, which is what makes
 * a selector that only looks at the last status send everything to one agent.
 */
public final class Heterogeneous implements Scenario {
  private static final String NAME = "4 heterogeneous agents";
  private static final long FAST_MICROS = 2_000;
  private static final long SLOW_MICROS = 3 * FAST_MICROS;
  private static final double RATE = 1_000; // calls/s: 60 % of 3 fast + 1 slow, 50 % of 4 fast
  /** The slow agent's share of the capacity of 3 fast agents and itself. */
  private static final double FAIR_SHARE =
      (1.0 / SLOW_MICROS) / (3.0 / FAST_MICROS + 1.0 / SLOW_MICROS);

  /** The naive selector: the lowest last-reported status, the first of equals. */
  static final Selector.Single NAIVE = Selector.custom("minimum status",
      candidates -> candidates.stream().min(Comparator.comparingDouble(AgentInfo::status))
          .orElse(null));

  @Override
  public String name() {
    return "heterogeneous";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    // Five agents: "mixed" calls go to three fast ones and the slow one, "reference" calls to
    // the same three fast ones and a fourth fast one.
    agent(bench, "fast-1", FAST_MICROS, "mixed", "reference");
    agent(bench, "fast-2", FAST_MICROS, "mixed", "reference");
    agent(bench, "fast-3", FAST_MICROS, "mixed", "reference");
    agent(bench, "fast-4", FAST_MICROS, "reference");
    agent(bench, "slow", SLOW_MICROS, "mixed");
    int count = bench.size(10_000, 1_000);
    run(bench, Selector.LEAST_LOADED, "reference", Math.min(count, 2_000)); // warm-up

    int reps = bench.repetitions();
    List<String> names = List.of("least-loaded", "round-robin", "random", "naive minimum status");
    List<Selector.Single> selectors =
        List.of(Selector.LEAST_LOADED, Selector.ROUND_ROBIN, Selector.RANDOM, NAIVE);
    double[] reference = new double[reps];
    double[] referenceP50 = new double[reps];
    double[][] p99 = new double[selectors.size()][reps];
    double[][] p50 = new double[selectors.size()][reps];
    double[][] slowShare = new double[selectors.size()][reps];
    for (int rep = 0; rep < reps; rep++) {
      OpenLoop.Result all = run(bench, Selector.LEAST_LOADED, "reference", count);
      reference[rep] = all.latency().quantileMicros(0.99) / 1_000;
      referenceP50[rep] = all.latency().quantileMicros(0.50) / 1_000;
      for (int s = 0; s < selectors.size(); s++) {
        OpenLoop.Result result = run(bench, selectors.get(s), "mixed", count);
        p99[s][rep] = result.latency().quantileMicros(0.99) / 1_000;
        p50[s][rep] = result.latency().quantileMicros(0.50) / 1_000;
        slowShare[s][rep] = 100.0 * result.share("slow");
      }
    }
    double referenceP99 = Samples.median(reference);
    List<Row> rows = new ArrayList<>();
    rows.add(Row.value(NAME, String.format(Locale.ROOT,
        "all four fast, least-loaded, %.0f calls/s: p99 (p50 %.2f ms)", RATE,
        Samples.median(referenceP50)), "ms", referenceP99, Goal.NONE));
    for (int s = 0; s < selectors.size(); s++) {
      boolean leastLoaded = s == 0;
      // Each repetition runs all-fast just before the mixed runs: paired, a stall of the
      // machine that lifts both p99s of a repetition cancels out of its ratio.
      rows.add(Row.paired(NAME, String.format(Locale.ROOT, "one 3× slower, %s: p99 (p50 %.2f ms)",
          names.get(s), Samples.median(p50[s])), "ms", p99[s], reference,
          "least-loaded, all fast", leastLoaded ? Goal.ratioAtMost(1.3) : Goal.NONE));
    }
    for (int s = 0; s < selectors.size(); s++) {
      boolean leastLoaded = s == 0;
      rows.add(Row.value(NAME, "slow agent's share of calls, " + names.get(s), "%",
          Samples.median(slowShare[s]), leastLoaded ? Goal.valueAtMost(100 * FAIR_SHARE,
              String.format(Locale.ROOT, "≤ %.0f %% (its share of capacity)", 100 * FAIR_SHARE))
              : Goal.NONE));
    }
    return rows;
  }

  private static void agent(Bench bench, String identity, long micros, String... tags) {
    // One call at a time, so the agent is a single server and its backlog is its load.
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
    bench.track(executor::shutdownNow);
    bench.agent(Agent.builder()
        .identity(identity + "-" + Long.toHexString(System.nanoTime()))
        .actor(new JobActor(identity, micros))
        .executor(executor)
        .tags(tags)
        .pingInterval(Duration.ofSeconds(1))
        .status(() -> executor.getQueue().size() + executor.getActiveCount()));
  }

  /** One run through a fresh mapper, so no run inherits another's latency estimates. */
  private static OpenLoop.Result run(Bench bench, Selector.Single selector, String tag, int count)
      throws Exception {
    try (Mapper mapper = Mapper.builder().uri(bench.uri()).start()) {
      Bench.await("the five agents", Duration.ofSeconds(30), () -> mapper.agents().size() == 5);
      JobClient jobs = new JobClient(mapper);
      byte[] payload = RequestReply.payload(100);
      CallOptions options = CallOptions.DEFAULT.withTags(tag).withTimeout(Duration.ofSeconds(60));
      return OpenLoop.run(count, RATE, () -> jobs.run(payload, selector, options));
    }
  }
}
