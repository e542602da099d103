package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.Queues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pushes are never lost to an agent that is gone but still listed. Qpid refuses (nacks) such a
 * push before returning it, RabbitMQ returns it and then confirms it: only on RabbitMQ does the
 * mapper depend on matching the return to the push, so this test guards that on the RabbitMQ
 * pass.
 */
class PushTest {
  private static final int PUSHES = 10;

  @Test
  void sentToAnAgentAlreadyGone_push_runsOnAnotherAgent() throws Exception {
    try (Cluster cluster = new Cluster()) {
      Path journal = cluster.dir().resolve("journal");
      Mapper mapper = cluster.mapper(); // first, so that it hears the agents register
      // Pings far apart: the mapper still lists the victim when the pushes go out, so only the
      // broker returning the push (its queue went with its connection) can tell it.
      AgentProcess victim = cluster.agent("victim", 0, "--ping", "30000",
          "--journal", journal.toString());
      AgentProcess survivor = cluster.agent("survivor", 5, "--ping", "30000",
          "--journal", journal.toString());
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows both", Duration.ofSeconds(10),
          () -> Agents.known(mapper, List.of(victim.identity(), survivor.identity())).size()
              == 2);

      victim.kill();
      Await.until("the broker dropped the victim's queue", Duration.ofSeconds(10),
          () -> !Queues.exists(cluster.uri(), victim.identity()));
      assertTrue(mapper.agent(victim.identity()).isPresent(), "the mapper still lists the victim");

      List<CompletableFuture<Void>> pushes = new ArrayList<>();
      for (int i = 0; i < PUSHES; i++) {
        // Least-loaded prefers the victim (status 0) for as long as it is listed.
        pushes.add(work.push().once("push-" + i, 0, Selector.LEAST_LOADED, cluster.options()));
      }
      for (CompletableFuture<Void> push : pushes) {
        push.get(10, TimeUnit.SECONDS); // taken by the broker for a live agent
      }
      Await.until("every push ran once, on the survivor", Duration.ofSeconds(10),
          () -> ranOnce(journal));
      assertTrue(mapper.counters().get("returned") >= 1,
          "the broker returned a push: " + mapper.counters());
      assertTrue(mapper.agent(victim.identity()).isEmpty(),
          "the returned push took the victim out of dispatch");
    }
  }

  private static boolean ranOnce(Path journal) {
    try {
      Map<String, Integer> runs = Journal.runs(journal);
      for (int i = 0; i < PUSHES; i++) {
        if (runs.getOrDefault("once push-" + i, 0) != 1) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false; // not written yet
    }
  }
}
