package dev.nanite.bench.scenarios;

import dev.nanite.AgentInfo;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.bench.Bench;
import dev.nanite.bench.Goal;
import dev.nanite.bench.Row;
import dev.nanite.bench.Samples;
import dev.nanite.bench.Scenario;
import dev.nanite.bench.eviction.AgentProcess;
import dev.nanite.bench.eviction.EvicteeClient;
import dev.nanite.bench.eviction.Removals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 6: how fast a mapper takes a SIGKILLed agent (a JVM of its own) out of dispatch.
 * Idle, nothing tells the mapper but the missing pings; busy, a request sent to the dead agent
 * right after the kill comes back from the broker, and being idempotent it is re-sent to the
 * surviving agent. Each case runs {@link Bench#repetitions()} times, with a fresh agent JVM in
 * place of the killed one, and reports the median.
 */
public final class Eviction implements Scenario {
  private static final Logger log = LoggerFactory.getLogger(Eviction.class);
  private static final String SCENARIO = "6 eviction";
  private static final Duration PING = Duration.ofMillis(250);
  private static final Duration AGENT_TIMEOUT = Duration.ofMillis(500);
  /** Bounds every wait: far above the targets, so only a hang hits it. */
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "eviction";
  }

  @Override
  public List<Row> run(Bench bench) throws Exception {
    // Agents carry the run's tag and every call requires it: on a shared broker, only ours count.
    String run = UUID.randomUUID().toString().substring(0, 8);
    Removals removals = new Removals();
    Mapper mapper = bench.mapper(Mapper.builder().agentTimeout(AGENT_TIMEOUT)
        .requestTimeout(DEADLINE).listener(removals));
    EvicteeClient client = new EvicteeClient(mapper);
    CallOptions options = CallOptions.DEFAULT.withTags(run).withTimeout(DEADLINE);
    Cluster cluster = new Cluster(bench, mapper, run);

    String survivor = cluster.start("survivor").identity();
    for (int i = 0; i < 20; i++) { // the call path's first calls load classes: not what we time
      client.whoami(Selector.LEAST_LOADED, options).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    int repetitions = bench.repetitions();
    double[] idle = new double[repetitions];
    double[] busyRemoved = new double[repetitions];
    double[] busyAnswered = new double[repetitions];
    List<Removals.Cause> idleCauses = new ArrayList<>();
    List<Removals.Cause> busyCauses = new ArrayList<>();
    for (int i = 0; i < repetitions; i++) {
      AgentProcess victim = cluster.start("idle-" + i);
      awaitRandomPingPhase();
      long killed = System.nanoTime();
      victim.kill();
      Removals.Removal removal = removals.await(victim.identity(), DEADLINE);
      idle[i] = millis(removal.atNanos() - killed);
      idleCauses.add(removal.cause());
      log.info("idle {}: out of dispatch {} ms after SIGKILL ({})", i, idle[i], removal.cause());
      victim.close();
    }
    for (int i = 0; i < repetitions; i++) {
      AgentProcess victim = cluster.start("busy-" + i);
      // Prefers the victim while the mapper still lists it, so the next request goes to it.
      Selector.Single preferVictim = Selector.custom("prefer " + victim.identity(),
          candidates -> candidates.stream().filter(a -> a.identity().equals(victim.identity()))
              .findFirst().orElse(candidates.get(0)));
      String first = client.whoami(preferVictim, options)
          .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      if (!first.equals(victim.identity())) {
        throw new IllegalStateException("the selector sent to " + first + ", not the victim");
      }
      awaitRandomPingPhase();
      Map<String, Long> before = mapper.counters();
      victim.kill();
      long sent = System.nanoTime();
      CompletableFuture<String> answer = client.whoami(preferVictim, options);
      long[] answeredAt = new long[1];
      String who = answer.whenComplete((value, error) -> answeredAt[0] = System.nanoTime())
          .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      Removals.Removal removal = removals.await(victim.identity(), DEADLINE);
      if (!who.equals(survivor)) {
        throw new IllegalStateException("the request sent after the kill was answered by " + who);
      }
      busyRemoved[i] = millis(removal.atNanos() - sent);
      busyAnswered[i] = millis(answeredAt[0] - sent);
      busyCauses.add(removal.cause());
      log.info("busy {}: out of dispatch {} ms, answered by {} {} ms after the request ({});"
          + " mapper counters moved by {}", i, busyRemoved[i], who, busyAnswered[i],
          removal.cause(), delta(before, mapper.counters()));
      victim.close();
    }

    String settings = " (ping " + PING.toMillis() + " ms, agent timeout "
        + AGENT_TIMEOUT.toMillis() + " ms, median of " + repetitions + ")";
    long idleBound = AGENT_TIMEOUT.plus(PING).toMillis();
    return List.of(
        Row.value(SCENARIO, "idle: SIGKILL → out of dispatch, " + causes(idleCauses) + settings,
            "ms", Samples.median(idle),
            Goal.valueAtMost(idleBound, "≤ agent timeout + 1 ping (" + idleBound + " ms)")),
        Row.value(SCENARIO, "busy: request sent right after SIGKILL → killed agent out of"
            + " dispatch, " + causes(busyCauses) + settings, "ms", Samples.median(busyRemoved),
            Goal.valueAtMost(1000, "≤ 1 s of the next request routed to it")),
        Row.value(SCENARIO, "busy: that idempotent request → answered by the other agent"
            + settings, "ms", Samples.median(busyAnswered),
            Goal.valueAtMost(1000, "≤ 1 s of the request")));
  }

  /**
   * Waits one to two pings: the kill then falls at a random point of the agent's ping cycle,
   * as a crash would, instead of always just after (or before) a ping.
   */
  private static void awaitRandomPingPhase() throws InterruptedException {
    Thread.sleep(PING.toMillis() + ThreadLocalRandom.current().nextLong(PING.toMillis()));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** "3/3 by missed pings" and the like: how the removals happened. */
  private static String causes(List<Removals.Cause> causes) {
    long timedOut = causes.stream().filter(c -> c == Removals.Cause.TIMED_OUT).count();
    long gone = causes.size() - timedOut;
    List<String> parts = new ArrayList<>();
    if (gone > 0) {
      parts.add(gone + "/" + causes.size() + " by its queue found gone");
    }
    if (timedOut > 0) {
      parts.add(timedOut + "/" + causes.size() + " by missed pings");
    }
    return String.join(", ", parts);
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> moved = new java.util.TreeMap<>();
    after.forEach((name, value) -> {
      long change = value - before.getOrDefault(name, 0L);
      if (change != 0) {
        moved.put(name, change);
      }
    });
    return moved;
  }

  /** Starts agent JVMs for one run, tracked by the bench so that none outlives the scenario. */
  private record Cluster(Bench bench, Mapper mapper, String run) {
    AgentProcess start(String name) throws Exception {
      AgentProcess agent = bench.track(
          AgentProcess.start(bench.uri(), name + "-" + run, PING, run));
      Bench.await(agent.identity() + " in the mapper's registry", DEADLINE,
          () -> mapper.agent(agent.identity()).map(AgentInfo::identity).isPresent());
      return agent;
    }
  }
}
