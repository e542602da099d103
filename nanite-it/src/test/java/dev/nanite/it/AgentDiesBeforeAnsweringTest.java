package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AgentLostException;
import dev.nanite.CallOptions;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's failure row "the agent dies before answering (SIGKILL)", one call at a time, and
 * the persistence bullet's redelivered request: an agent in its own JVM is killed while it runs
 * a call the journal shows it started.
 *
 * <p>Agents ping only every 30 s (the mapper's agent timeout is twice that), so the mapper can
 * only find out about the death in time from the probe it sends, four times a second, to an
 * agent that holds calls: each test checks the outcome came well before the agent timeout.
 */
class AgentDiesBeforeAnsweringTest {
  private static final String PING = "30000";
  /** Far below the minute it would take the mapper to notice the missed pings. */
  private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

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

  private static AgentProcess victim(String name, String... options) throws Exception {
    String[] all = new String[options.length + 4];
    all[0] = "--ping";
    all[1] = PING;
    all[2] = "--journal";
    all[3] = journal.toString();
    System.arraycopy(options, 0, all, 4, options.length);
    AgentProcess victim = cluster.agent(name, 0, all);
    Await.until("the mapper knows " + victim.identity(), Duration.ofSeconds(10),
        () -> mapper.agent(victim.identity()).isPresent());
    return victim;
  }

  /** The victim while the mapper lists it, else the survivor. */
  private static Selector.Single victimFirst(String victim) {
    return Selector.custom("victim first", candidates -> candidates.stream()
        .filter(c -> c.identity().equals(victim)).findFirst()
        .orElse(candidates.stream().filter(c -> c.identity().equals(survivor)).findFirst()
            .orElse(null)));
  }

  private static void awaitStarted(String kind, String id, String agent) {
    Await.until(agent + " starts " + kind + " " + id, Duration.ofSeconds(10),
        () -> Journal.agents(journal, kind, id).contains(agent));
  }

  /** See {@code SentToGoneAgentTest.survivorCaughtUp}: later copies of a call would show now. */
  private static void survivorCaughtUp() throws Exception {
    Futures.value("a call to the survivor", work.whoami(Selector.target(survivor),
        cluster.options()));
  }

  @Test
  void agentDiesBeforeAnswering_idempotent_sentToAnotherLiveAgentAndSucceeds() throws Exception {
    AgentProcess victim = victim("dies-twice");
    CompletableFuture<String> call = work.twice("dies-twice", 1_000,
        victimFirst(victim.identity()), cluster.options().withTimeout(Duration.ofSeconds(30)));
    awaitStarted("twice", "dies-twice", victim.identity());
    victim.kill();
    long killed = System.nanoTime();

    assertEquals(survivor, Futures.value("an idempotent call whose agent died under it", call));
    Duration took = Duration.ofNanos(System.nanoTime() - killed);
    assertTrue(took.compareTo(NOTICED_WITHIN) < 0, "answered " + took + " after the kill");
    assertEquals(List.of(victim.identity(), survivor),
        Journal.agents(journal, "twice", "dies-twice"),
        "ran on the victim, then again on the survivor (at least once)");
  }

  @Test
  void agentDiesBeforeAnswering_nonIdempotent_failsAgentLostAndNeverRunsTwice()
      throws Exception {
    AgentProcess victim = victim("dies-once");
    CompletableFuture<String> call = work.once("dies-once", 10_000,
        victimFirst(victim.identity()), cluster.options().withTimeout(Duration.ofSeconds(30)));
    awaitStarted("once", "dies-once", victim.identity());
    victim.kill();
    long killed = System.nanoTime();

    Throwable failure = Futures.failure("a call that is not idempotent, whose agent died under it",
        call);
    Duration took = Duration.ofNanos(System.nanoTime() - killed);
    AgentLostException lost = assertInstanceOf(AgentLostException.class, failure);
    assertTrue(lost.getMessage().contains(victim.identity()), lost.getMessage());
    assertTrue(took.compareTo(NOTICED_WITHIN) < 0, "failed " + took + " after the kill");
    survivorCaughtUp();
    assertEquals(List.of(victim.identity()), Journal.agents(journal, "once", "dies-once"),
        "ran on the victim only, never again");
  }

  @Test
  void agentDiesBeforeAnswering_push_lostWithTheAgentsQueue() throws Exception {
    // One request at a time: the push waits in the victim's queue behind a call it runs.
    AgentProcess victim = victim("dies-push", "--prefetch", "1");
    CompletableFuture<String> busy = work.once("dies-push-busy", 10_000,
        Selector.target(victim.identity()), cluster.options().withTimeout(Duration.ofSeconds(30)));
    awaitStarted("once", "dies-push-busy", victim.identity());
    // Completed: the broker has it, in the victim's queue, which gives the victim nothing more
    // until it acknowledges the call it runs.
    Futures.value("a push (the broker has it)", work.push().once("dies-push", 0,
        Selector.target(victim.identity()), cluster.options()));
    victim.kill();

    assertInstanceOf(AgentLostException.class, Futures.failure("the call the victim ran", busy));
    survivorCaughtUp();
    assertEquals(List.of(), Journal.agents(journal, "once", "dies-push"),
        "the push went with the victim's queue: at most once, here never");
  }

  /**
   * Persistence bullet: "a redelivered request of a method that is not idempotent is not run
   * again (AgentLostException)". An agent with a durable queue is killed while it runs a
   * persistent call; the broker keeps the unacknowledged request and gives it, marked
   * redelivered, to the agent started again under the same identity, which refuses it.
   */
  @Test
  void persistence_redeliveredNonIdempotentRequest_failsAgentLostAndIsNotRunAgain()
      throws Exception {
    AgentProcess keeper = victim("keeper", "--durable", "true");
    try {
      CallOptions persistent = cluster.options().withPersistent(true)
          .withTimeout(Duration.ofSeconds(30));
      CompletableFuture<String> call = work.once("kept", 10_000,
          Selector.target(keeper.identity()), persistent);
      awaitStarted("once", "kept", keeper.identity());
      keeper.kill();
      AgentProcess back = cluster.agent("keeper", 0, "--ping", PING, "--journal",
          journal.toString(), "--durable", "true");

      Throwable failure = Futures.failure("a persistent call redelivered after its agent died",
          call);
      AgentLostException lost = assertInstanceOf(AgentLostException.class, failure);
      assertTrue(lost.getMessage().contains("not run again")
          || lost.getMessage().contains("may have run"), lost.getMessage());
      // The agent that came back answers a call made after the redelivered one: it has seen it.
      Futures.value("a call to the agent that came back", work.whoami(
          Selector.target(back.identity()), cluster.options()));
      assertEquals(List.of(keeper.identity()), Journal.agents(journal, "once", "kept"),
          "ran once, before the kill; not again on redelivery");
    } finally {
      Queues.delete(cluster.uri(), keeper.identity()); // a durable queue outlives the test
    }
  }
}
