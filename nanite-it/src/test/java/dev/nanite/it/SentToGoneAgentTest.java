package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AgentInfo;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.Futures;
import dev.nanite.it.support.Queues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's failure row "sent to an agent whose process is already gone": the request comes
 * back unroutable at once and goes to another agent, since it never ran, whatever the method
 * (issue 20, items 1 and 2).
 *
 * <p>Every test sets the row up the same way: agents in their own JVMs that ping only every
 * 30 s, so that the mapper (agent timeout twice that, its default) still lists an agent long
 * after SIGKILL; the kill; a passive declare of the agent's request queue, on a connection of
 * the test's own, answering 404 (its exclusive queue went with its connection); and only then
 * the call, steered to the dead agent by a custom selector for as long as the mapper lists it.
 * An idle agent holds no calls, so the mapper does not probe it: only the call itself can find
 * out that the agent is gone.
 */
class SentToGoneAgentTest {
  /** Far apart: the mapper lists a killed agent for a minute (twice this) unless told. */
  private static final String PING = "30000";

  private static Cluster cluster;
  private static Mapper mapper;
  private static WorkClient work;
  private static Path journal;
  private static String survivor;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    journal = cluster.dir().resolve("journal");
    mapper = cluster.mapper(); // first, so that it hears every agent of the class register
    work = new WorkClient(mapper);
    survivor = cluster.agent("survivor", 5, "--ping", PING, "--journal", journal.toString())
        .identity();
    Await.until("the mapper knows the survivor", Duration.ofSeconds(10),
        () -> mapper.agent(survivor).isPresent());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  /** Starts agents named {@code names}, killed and gone but still listed when this returns. */
  private static List<String> goneButListed(String... names) throws Exception {
    List<AgentProcess> victims = cluster.agents(List.of(names), 0, "--ping", PING,
        "--journal", journal.toString());
    List<String> identities = victims.stream().map(AgentProcess::identity).toList();
    Await.until("the mapper knows " + identities, Duration.ofSeconds(10),
        () -> identities.stream().allMatch(id -> mapper.agent(id).isPresent()));
    for (AgentProcess victim : victims) {
      victim.kill();
    }
    for (String victim : identities) {
      Await.until("the broker dropped " + victim + "'s request queue", Duration.ofSeconds(10),
          () -> !Queues.exists(cluster.uri(), victim));
      assertTrue(mapper.agent(victim).isPresent(), "the mapper still lists " + victim);
    }
    return identities;
  }

  /**
   * Chooses the first of {@code gone} the mapper still lists, else the survivor: the call goes
   * to a dead agent for as long as the mapper has not found out.
   */
  private static Selector.Single preferring(List<String> gone) {
    return Selector.custom("gone first " + gone, candidates -> {
      for (String identity : gone) {
        for (AgentInfo candidate : candidates) {
          if (candidate.identity().equals(identity)) {
            return candidate;
          }
        }
      }
      for (AgentInfo candidate : candidates) {
        if (candidate.identity().equals(survivor)) {
          return candidate;
        }
      }
      return null;
    });
  }

  /**
   * Waits until the survivor has answered a call made after everything before it was sent: a
   * copy of an earlier call sent on twice sits ahead of it in the survivor's queue, so by then
   * the journal shows it.
   */
  private static void survivorCaughtUp() throws Exception {
    Futures.value("a call to the survivor", work.whoami(Selector.target(survivor),
        cluster.options()));
  }

  private static List<String> ranOn(String kind, String id) {
    return Journal.agents(journal, kind, id);
  }

  /** Issue 20, item 1. */
  @Test
  void sentToAnAgentAlreadyGone_nonIdempotent_goesToAnotherAgentAndRunsOnce() throws Exception {
    List<String> gone = goneButListed("gone-once");
    long sentBefore = mapper.counters().get("sent");

    String answer = Futures.value("a call that is not idempotent, sent to " + gone.get(0)
            + " after its process and queue were gone",
        work.once("gone-once", 0, preferring(gone), cluster.options()));

    assertEquals(survivor, answer, "went to the live agent");
    survivorCaughtUp();
    assertEquals(List.of(survivor), ranOn("once", "gone-once"), "ran once, on the survivor");
    assertTrue(mapper.agent(gone.get(0)).isEmpty(), "the return took the dead agent out");
    System.out.println("one call to a gone agent: sent " + (mapper.counters().get("sent")
        - sentBefore) + " times; mapper counters " + mapper.counters());
  }

  /** Issue 20, item 2: the return spends one send, not two. */
  @Test
  void sentToAnAgentAlreadyGone_idempotent_goesToAnotherAgentAndRunsOnce() throws Exception {
    List<String> gone = goneButListed("gone-twice");
    long sentBefore = mapper.counters().get("sent");

    String answer = Futures.value("an idempotent call sent to " + gone.get(0)
            + " after its process and queue were gone",
        work.twice("gone-twice", 0, preferring(gone), cluster.options()));

    assertEquals(survivor, answer, "went to the live agent");
    survivorCaughtUp();
    long sent = mapper.counters().get("sent") - sentBefore;
    assertEquals(List.of(survivor), ranOn("twice", "gone-twice"),
        "it never ran on the dead agent, so one run on the survivor is all it needs (sent "
            + sent + " times)");
  }

  /** Issue 20, item 2: four dead agents in a row cost four returns, not eight sends. */
  @Test
  void sentToFourAgentsAlreadyGone_idempotent_goesToTheLiveOneAndRunsOnce() throws Exception {
    List<String> gone = goneButListed("gone-1", "gone-2", "gone-3", "gone-4");
    long sentBefore = mapper.counters().get("sent");

    String answer = Futures.value("an idempotent call steered through four gone agents " + gone,
        work.twice("four-gone", 0, preferring(gone), cluster.options()));

    assertEquals(survivor, answer, "went to the live agent");
    survivorCaughtUp();
    long sent = mapper.counters().get("sent") - sentBefore;
    assertEquals(List.of(survivor), ranOn("twice", "four-gone"),
        "ran once, on the survivor (sent " + sent + " times)");
    for (String victim : gone) {
      assertTrue(mapper.agent(victim).isEmpty(), victim + " left dispatch");
    }
  }

  /**
   * Issue 20, item 1 under load: with the survivor busy with a steady stream of calls, a burst
   * of calls, half of them idempotent, goes out right after the victim's queue is gone and
   * before the broker's first return has reached the mapper. Every one of them was sent to an
   * agent whose process was already gone, so every one goes to the survivor and runs once.
   */
  @Test
  void sentToAnAgentAlreadyGone_burstUnderLoad_everyCallGoesToAnotherAgentAndRunsOnce()
      throws Exception {
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger loadFailures = new AtomicInteger();
    AtomicInteger loadCalls = new AtomicInteger();
    Thread load = new Thread(() -> {
      // At most 4,000 calls, 8 at a time, over at most 60 s: it stops once the burst is done.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<CompletableFuture<String>> window = new ArrayList<>();
      for (int i = 0; i < 4_000 && loading.get() && System.nanoTime() < until; i++) {
        window.add(work.slow(5, Selector.target(survivor), cluster.options()));
        loadCalls.incrementAndGet();
        if (window.size() == 8) {
          for (CompletableFuture<String> call : window) {
            try {
              call.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
              loadFailures.incrementAndGet();
            }
          }
          window.clear();
        }
      }
    }, "survivor-load");
    load.start();
    try {
      Await.until("the load is under way", Duration.ofSeconds(10), () -> loadCalls.get() > 50);
      List<String> gone = goneButListed("gone-burst");
      Selector.Single toTheGone = preferring(gone);
      List<CompletableFuture<String>> burst = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        burst.add(i % 2 == 0
            ? work.once("burst-" + i, 0, toTheGone, cluster.options())
            : work.twice("burst-" + i, 0, toTheGone, cluster.options()));
      }
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < burst.size(); i++) {
        try {
          String answer = burst.get(i).get(20, TimeUnit.SECONDS);
          if (!answer.equals(survivor)) {
            failed.add("burst-" + i + " answered by " + answer);
          }
        } catch (ExecutionException e) {
          failed.add("burst-" + i + (i % 2 == 0 ? " (not idempotent)" : " (idempotent)") + ": "
              + e.getCause());
        }
      }
      loading.set(false);
      load.join(TimeUnit.SECONDS.toMillis(30));
      survivorCaughtUp();
      Map<String, Integer> runs = Journal.runs(journal);
      List<String> notOnce = new ArrayList<>();
      for (int i = 0; i < burst.size(); i++) {
        String key = (i % 2 == 0 ? "once" : "twice") + " burst-" + i;
        if (runs.getOrDefault(key, 0) != 1) {
          notOnce.add(key + " ran " + runs.getOrDefault(key, 0) + " times");
        }
      }
      System.out.println("burst of 40 to a gone agent under load (" + loadCalls.get()
          + " load calls): " + failed.size() + " failed, " + notOnce.size()
          + " did not run exactly once; mapper counters " + mapper.counters());
      assertEquals(List.of(), failed, "every call of the burst succeeds on the survivor");
      assertEquals(List.of(), notOnce, "every call of the burst runs exactly once");
      assertEquals(0, loadFailures.get(), "the load on the survivor was not disturbed");
    } finally {
      loading.set(false);
      load.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
