package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.Load;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Three agents under 2,000 requests, one SIGKILLed midway: every call completes; idempotent
 * calls all succeed (re-sent when their agent dies); the others succeed or fail with "agent
 * lost"; nothing runs twice that may not.
 */
class AgentKillChaosTest {
  @Test
  void agentDiesBeforeAnswering_underLoad_idempotentAtLeastOnceOthersAtMostOnce() throws Exception {
    try (Cluster cluster = new Cluster()) {
      Path journal = cluster.dir().resolve("journal");
      String[] agentOptions = {"--ping", "300", "--journal", journal.toString()};
      AgentProcess victim = cluster.agent("victim", 0, agentOptions);
      String b = cluster.agent("b", 0, agentOptions).identity();
      String c = cluster.agent("c", 0, agentOptions).identity();
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows all three", Duration.ofSeconds(10),
          () -> Agents.known(mapper, List.of(victim.identity(), b, c)).size() == 3);

      CallOptions options = cluster.options().withTimeout(Duration.ofSeconds(20));
      AtomicReference<Throwable> killFailure = new AtomicReference<>();
      List<Load.Outcome> outcomes = Load.run(work, options, options, 2_000, 120, 15, Duration.ZERO,
          issued -> {
            if (issued == 1_000) {
              try {
                victim.kill();
              } catch (InterruptedException e) {
                killFailure.set(e);
              }
            }
          },
          Duration.ofSeconds(120));
      assertEquals(null, killFailure.get());

      Map<String, Integer> runs = Journal.runs(journal);
      System.out.println(Load.table("SIGKILL of one of three agents after 1,000 of 2,000 calls:",
          outcomes, runs));
      System.out.println("mapper counters: " + mapper.counters());

      Map<Load.Kind, Integer> twice = Load.count(outcomes, true);
      Map<Load.Kind, Integer> once = Load.count(outcomes, false);
      assertEquals(1_000, twice.get(Load.Kind.OK), "every idempotent call succeeds: " + twice);
      assertEquals(1_000, once.get(Load.Kind.OK) + once.get(Load.Kind.AGENT_LOST),
          "the others succeed or fail with agent lost: " + once);
      Load.assertRanAsAllowed(outcomes, runs);
      assertTrue(mapper.agent(victim.identity()).isEmpty(), "the killed agent left dispatch");
    }
  }
}
