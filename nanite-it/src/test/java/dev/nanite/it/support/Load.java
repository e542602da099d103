package dev.nanite.it.support;

import dev.nanite.AgentLostException;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.NoAgentException;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A bounded load of {@code Work.once} (not idempotent) and {@code Work.twice} (idempotent) calls,
 * alternating, with at most {@code concurrency} in flight, and the outcome of each.
 */
public final class Load {
  /** How a call ended. */
  public enum Kind { OK, AGENT_LOST, UNAVAILABLE, TIMEOUT, NO_AGENT, OTHER, NOT_COMPLETED }

  /**
   * The outcome of one call: {@code id} as journaled by the agents; when it was issued and
   * when it completed, in {@link System#nanoTime()}.
   */
  public record Outcome(String id, boolean idempotent, Kind kind, String detail, long issuedNanos,
      long completedNanos) {}

  private Load() {}

  /**
   * Runs {@code total} calls of {@code workMillis} each, issued at most one per {@code pace};
   * {@code onIssued} is told the count after each call is issued (to inject a fault midway).
   * Every call has its own deadline in {@code options}; the whole run is bounded by
   * {@code maxTime}.
   */
  public static List<Outcome> run(WorkClient work, CallOptions once, CallOptions twice,
      int total, int concurrency, int workMillis, Duration pace, IntConsumer onIssued,
      Duration maxTime) throws InterruptedException {
    long deadline = System.nanoTime() + maxTime.toNanos();
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<String>> futures = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Long> issued = new ArrayList<>();
    long[] completed = new long[total];
    String run = Long.toString(System.nanoTime(), 36);
    long nextIssue = System.nanoTime();
    for (int i = 0; i < total; i++) {
      // Pacing is the load's shape, not a wait for state: it spreads the calls over time so
      // that a fault injected midway meets calls before, during and after it.
      long wait = nextIssue - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      nextIssue = Math.max(nextIssue, System.nanoTime()) + pace.toNanos();
      long left = deadline - System.nanoTime();
      if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        break; // out of time: the calls not issued are reported as not completed
      }
      boolean idempotent = i % 2 == 1;
      String id = run + "-" + i;
      CompletableFuture<String> call = idempotent
          ? work.twice(id, workMillis, Selector.LEAST_LOADED, twice)
          : work.once(id, workMillis, Selector.LEAST_LOADED, once);
      int index = i;
      issued.add(System.nanoTime());
      call.whenComplete((ok, error) -> {
        completed[index] = System.nanoTime();
        slots.release();
      });
      futures.add(call);
      ids.add(id);
      onIssued.accept(i + 1);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      boolean idempotent = i % 2 == 1;
      if (i >= futures.size()) {
        outcomes.add(new Outcome(run + "-" + i, idempotent, Kind.NOT_COMPLETED, "not issued", 0, 0));
        continue;
      }
      Outcome o = outcome(ids.get(i), idempotent, futures.get(i), deadline);
      outcomes.add(new Outcome(o.id(), o.idempotent(), o.kind(), o.detail(), issued.get(i),
          completed[i]));
    }
    return outcomes;
  }

  private static Outcome outcome(String id, boolean idempotent, CompletableFuture<String> call,
      long deadline) throws InterruptedException {
    try {
      String agent = call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return new Outcome(id, idempotent, Kind.OK, agent, 0, 0);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      Kind kind = cause instanceof AgentLostException ? Kind.AGENT_LOST
          : cause instanceof BrokerUnavailableException ? Kind.UNAVAILABLE
          : cause instanceof RequestTimeoutException ? Kind.TIMEOUT
          : cause instanceof NoAgentException ? Kind.NO_AGENT
          : Kind.OTHER;
      return new Outcome(id, idempotent, kind, String.valueOf(cause), 0, 0);
    } catch (java.util.concurrent.TimeoutException e) {
      return new Outcome(id, idempotent, Kind.NOT_COMPLETED, "still pending after the run", 0, 0);
    }
  }

  /** Counts by kind, for the idempotent calls or the others. */
  public static Map<Kind, Integer> count(List<Outcome> outcomes, boolean idempotent) {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      counts.put(kind, 0);
    }
    for (Outcome o : outcomes) {
      if (o.idempotent() == idempotent) {
        counts.merge(o.kind(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The run's table of counts, with how many calls ran more than once. */
  public static String table(String title, List<Outcome> outcomes, Map<String, Integer> runs) {
    StringBuilder out = new StringBuilder(title).append('\n');
    out.append(String.format("  %-22s", "call"));
    for (Kind kind : Kind.values()) {
      out.append(String.format(" %13s", kind.name().toLowerCase(java.util.Locale.ROOT)));
    }
    out.append(String.format(" %9s %9s%n", "ran 0x", "ran >1x"));
    for (boolean idempotent : new boolean[] {false, true}) {
      String name = idempotent ? "twice (idempotent)" : "once (at most once)";
      long total = outcomes.stream().filter(o -> o.idempotent() == idempotent).count();
      out.append(String.format("  %-22s", name + " " + total));
      count(outcomes, idempotent).forEach((kind, n) -> out.append(String.format(" %13d", n)));
      long never = outcomes.stream().filter(o -> o.idempotent() == idempotent
          && runs.getOrDefault(key(o), 0) == 0).count();
      long again = outcomes.stream().filter(o -> o.idempotent() == idempotent
          && runs.getOrDefault(key(o), 0) > 1).count();
      out.append(String.format(" %9d %9d%n", never, again));
    }
    return out.toString();
  }

  /** The journal key of an outcome's call. */
  public static String key(Outcome o) {
    return (o.idempotent() ? "twice " : "once ") + o.id();
  }

  /**
   * Checks the journal against the outcomes: a call that is not idempotent ran at most once,
   * and every call that succeeded ran.
   */
  public static void assertRanAsAllowed(List<Outcome> outcomes, Map<String, Integer> runs) {
    for (Outcome outcome : outcomes) {
      int ran = runs.getOrDefault(key(outcome), 0);
      if (!outcome.idempotent() && ran > 1) {
        throw new AssertionError(outcome + " ran " + ran + " times");
      }
      if (outcome.kind() == Kind.OK && ran < 1) {
        throw new AssertionError(outcome + " succeeded without running");
      }
    }
  }
}
