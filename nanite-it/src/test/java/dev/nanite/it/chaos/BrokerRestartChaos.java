package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.Load;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker restarted under load: agents and the mapper reconnect on their own and the cluster
 * serves again within a few ping intervals. Idempotent calls ask to wait through the outage
 * (offline) and all succeed; the others succeed, fail with "agent lost" (in flight when the
 * connection dropped) or fail fast with "broker unavailable" (made during the outage); nothing
 * runs twice that may not.
 */
final class BrokerRestartChaos {
  private static final Duration PING = Duration.ofMillis(500);

  /** The broker under test. */
  interface Broker {
    String uri();

    void stop() throws Exception;

    void start() throws Exception;
  }

  private BrokerRestartChaos() {}

  static void run(String title, Broker broker) throws Exception {
    try (Cluster cluster = new Cluster(broker.uri())) {
      Path journal = cluster.dir().resolve("journal");
      String[] options = {"--ping", Long.toString(PING.toMillis()), "--journal", journal.toString()};
      List<String> agents = List.of(cluster.agent("a", 0, options).identity(),
          cluster.agent("b", 0, options).identity(), cluster.agent("c", 0, options).identity());
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows all three", Duration.ofSeconds(20),
          () -> Agents.known(mapper, agents).size() == 3);

      CallOptions once = cluster.options().withTimeout(Duration.ofSeconds(30));
      CallOptions twice = once.withOffline(true);
      CountDownLatch outage = new CountDownLatch(1);
      AtomicLong restartedAt = new AtomicLong();
      Thread restarter = new Thread(() -> {
        try {
          outage.await();
          broker.stop();
          long stopped = System.nanoTime();
          // The outage under test lasts a second or more, so that calls are made while the
          // broker is gone; it ends once the mapper has noticed it.
          await(() -> System.nanoTime() - stopped > TimeUnit.SECONDS.toNanos(1)
              && !connected(work, cluster), 30);
          broker.start();
          restartedAt.set(System.nanoTime());
        } catch (Exception e) {
          throw new IllegalStateException("restarting the broker failed", e);
        }
      }, "broker-restarter");
      restarter.start();
      // 2,000 calls over about 20 s, the broker stopped after 800: calls meet the outage, the
      // reconnection and the cluster after it.
      List<Load.Outcome> outcomes = Load.run(work, once, twice, 2_000, 200, 10,
          Duration.ofMillis(10), issued -> {
            if (issued == 800) {
              outage.countDown();
            }
          },
          Duration.ofSeconds(150));
      restarter.join(TimeUnit.SECONDS.toMillis(120));

      long servedAgain = servedAgainMillis(outcomes, restartedAt.get());
      Map<String, Integer> runs = Journal.runs(journal);
      System.out.println(Load.table(title + ": broker restarted after 800 of 2,000 calls, "
          + "served again " + servedAgain + " ms after it was back (ping " + PING.toMillis()
          + " ms):", outcomes, runs));
      System.out.println("mapper counters: " + mapper.counters());

      Map<Load.Kind, Integer> idempotent = Load.count(outcomes, true);
      Map<Load.Kind, Integer> other = Load.count(outcomes, false);
      assertEquals(1_000, idempotent.get(Load.Kind.OK),
          "every idempotent call succeeds: " + idempotent);
      assertEquals(1_000, other.get(Load.Kind.OK) + other.get(Load.Kind.AGENT_LOST)
          + other.get(Load.Kind.UNAVAILABLE), "the others end in one of three ways: " + other);
      Load.assertRanAsAllowed(outcomes, runs);
      assertTrue(servedAgain <= PING.multipliedBy(8).toMillis(),
          "served again after " + servedAgain + " ms, more than a few ping intervals");
    }
  }

  /** Whether a call gets through right now. */
  private static boolean connected(WorkClient work, Cluster cluster) {
    try {
      work.whoami(Selector.LEAST_LOADED, cluster.options().withTimeout(Duration.ofMillis(500)))
          .get(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Milliseconds from the restart until the first call made after it succeeded: how long the
   * cluster took to serve again.
   */
  private static long servedAgainMillis(List<Load.Outcome> outcomes, long restartedNanos) {
    return outcomes.stream()
        .filter(o -> o.kind() == Load.Kind.OK && o.issuedNanos() >= restartedNanos)
        .mapToLong(Load.Outcome::completedNanos)
        .min()
        .stream().map(at -> (at - restartedNanos) / 1_000_000)
        .findFirst().orElse(Long.MAX_VALUE);
  }

  private static void await(java.util.function.BooleanSupplier condition, int seconds) {
    Await.until("the outage is seen", Duration.ofSeconds(seconds), condition);
  }
}
