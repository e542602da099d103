package dev.nanite.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Selector;
import dev.nanite.it.support.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Scenario 8, on any fabric: the rogue floods the registration fanout with forged packets
 * while honest calls go on, one after another, to each honest agent in turn.
 */
final class HostileFlood {
  /** The most a flood may take to publish: it is a burst, not a trickle. */
  private static final Duration PUBLISH_WITHIN = Duration.ofSeconds(10);
  /** The most the mapper may take to get through it. */
  private static final Duration TAKEN_WITHIN = Duration.ofSeconds(60);
  /** Honest calls at most, whatever happens. */
  private static final int MAX_HONEST_CALLS = 200_000;

  private HostileFlood() {}

  /**
   * Publishes {@code count} forged packets, each from {@code forged}, and checks that the mapper counts each one
   * under {@code counter}, that every honest call made meanwhile succeeds with the right
   * agent's answer, that no honest agent leaves the registry, and that the forgery was not
   * taken.
   */
  static void run(HostileFabric fabric, int count, Supplier<byte[]> forged, String counter)
      throws Exception {
    Rogue rogue = fabric.rogue();
    List<Long> baseline = latencies(fabric, 40);
    long before = fabric.mapperCount(counter);
    AtomicBoolean flooding = new AtomicBoolean(true);
    List<Long> during = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<?> honest = caller.submit(() -> {
        for (int i = 0; flooding.get() && i < MAX_HONEST_CALLS; i++) {
          String agent = fabric.honest().get(i % 2);
          long start = System.nanoTime();
          try {
            String answer = fabric.safe().whoami(Selector.target(agent), fabric.options())
                .get(30, TimeUnit.SECONDS);
            if (!agent.equals(answer)) {
              failures.add("call " + i + " to " + agent + " answered by " + answer);
            }
          } catch (Exception e) {
            failures.add("call " + i + " to " + agent + ": " + e);
          }
          during.add(System.nanoTime() - start);
        }
        return null;
      });
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        rogue.toRegistration(forged.get());
      }
      rogue.confirmed(Duration.ofSeconds(60));
      Duration published = Duration.ofNanos(System.nanoTime() - start);
      Await.until("the mapper counts the " + count + " forged packets as " + counter + " (now "
          + fabric.mapper().counters() + ")", TAKEN_WITHIN,
          () -> fabric.mapperCount(counter) >= before + count);
      Duration taken = Duration.ofNanos(System.nanoTime() - start);
      flooding.set(false);
      honest.get(60, TimeUnit.SECONDS);
      assertEquals(before + count, fabric.mapperCount(counter), fabric.mapper().counters()
          .toString());
      System.out.printf("flood: %d forged packets published in %d ms, all refused by the mapper"
          + " %d ms after the first; %d honest calls meanwhile, latency p50 %.1f ms, p99 %.1f"
          + " ms, max %.1f ms (before the flood: p50 %.1f ms, p99 %.1f ms)%n", count,
          published.toMillis(), taken.toMillis(), during.size(), millis(during, 0.5),
          millis(during, 0.99), millis(during, 1.0), millis(baseline, 0.5),
          millis(baseline, 0.99));
      assertEquals(List.of(), failures, "honest calls during the flood");
      assertTrue(during.size() > 0, "no honest call was made during the flood");
      assertTrue(published.compareTo(PUBLISH_WITHIN) <= 0, "publishing the flood took "
          + published);
    } finally {
      flooding.set(false);
      caller.shutdownNow();
    }
    fabric.inboxBarrier(); // the rogue's account is heard again once its second has passed
    assertFalse(fabric.mapper().agent(fabric.first()).orElseThrow().tags().contains("rogue"),
        "a forged registration was taken");
    fabric.honestCallsSucceed();
  }

  private static List<Long> latencies(HostileFabric fabric, int calls) throws Exception {
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      String agent = fabric.honest().get(i % 2);
      long start = System.nanoTime();
      assertEquals(agent, fabric.safe().whoami(Selector.target(agent), fabric.options())
          .get(30, TimeUnit.SECONDS));
      latencies.add(System.nanoTime() - start);
    }
    return latencies;
  }

  private static double millis(List<Long> nanos, double quantile) {
    List<Long> sorted;
    synchronized (nanos) {
      sorted = new ArrayList<>(nanos);
    }
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
