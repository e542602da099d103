package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The self-healing cluster: a killed agent leaves dispatch and rejoins when restarted; a frozen
 * one leaves and rejoins on its own when it pings again.
 */
class EvictionTest {
  private static final Duration PING = Duration.ofMillis(250);
  private static final Duration AGENT_TIMEOUT = PING.multipliedBy(2); // the mapper's default

  @Test
  void deadAgentNoticed_missedPings_killedAgentEvictedAndRejoinsWhenRestarted() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String ping = Long.toString(PING.toMillis());
      AgentProcess victim = cluster.agent("victim", 0, "--ping", ping);
      String survivor = cluster.agent("survivor", 5, "--ping", ping).identity();
      RecordingListener heard = new RecordingListener();
      List<String> timedOut = heard.timedOut();
      Mapper mapper = cluster.mapper(Mapper.builder().listener(heard));
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows both", Duration.ofSeconds(10),
          () -> Agents.known(mapper, List.of(victim.identity(), survivor)).size() == 2);
      assertEquals(victim.identity(), work.whoami(Selector.LEAST_LOADED, cluster.options())
          .get(10, TimeUnit.SECONDS), "the victim is least loaded");

      victim.kill();
      long killed = System.nanoTime();
      Await.until("the mapper evicts the victim", Duration.ofSeconds(10),
          () -> mapper.agent(victim.identity()).isEmpty());
      Duration took = Duration.ofNanos(System.nanoTime() - killed);
      System.out.printf("SIGKILLed agent evicted after %d ms (agent timeout %d ms, ping %d ms)%n",
          took.toMillis(), AGENT_TIMEOUT.toMillis(), PING.toMillis());
      assertTrue(took.compareTo(AGENT_TIMEOUT.plus(PING)) <= 0,
          "evicted after " + took + ", more than the agent timeout plus one ping");
      Await.until("the timeout listener hears of it", Duration.ofSeconds(5),
          () -> timedOut.contains(victim.identity()));
      assertEquals(List.of(victim.identity()), timedOut);

      for (int i = 0; i < 30; i++) {
        assertEquals(survivor, work.whoami(Selector.LEAST_LOADED, cluster.options())
            .get(10, TimeUnit.SECONDS), "never routed to the evicted agent");
      }
      assertFalse(mapper.agents().stream().anyMatch(a -> a.identity().equals(victim.identity())));

      AgentProcess restarted = cluster.agent("victim", 0, "--ping", ping);
      Await.until("the restarted agent rejoins", Duration.ofSeconds(10),
          () -> mapper.agent(restarted.identity()).isPresent());
      assertEquals(restarted.identity(), work.whoami(Selector.LEAST_LOADED, cluster.options())
          .get(10, TimeUnit.SECONDS), "routed to again once back");
    }
  }

  @Test
  void deadAgentNoticed_missedPings_frozenAgentEvictedAndRejoinsWhenItPingsAgain()
      throws Exception {
    try (Cluster cluster = new Cluster()) {
      AgentProcess agent = cluster.agent("frozen", 0, "--ping", Long.toString(PING.toMillis()));
      RecordingListener heard = new RecordingListener();
      List<String> registered = heard.registered();
      Mapper mapper = cluster.mapper(Mapper.builder().listener(heard));
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows the agent", Duration.ofSeconds(10),
          () -> mapper.agent(agent.identity()).isPresent());

      int before;
      agent.freeze();
      try {
        Await.until("the mapper evicts the frozen agent", Duration.ofSeconds(10),
            () -> mapper.agent(agent.identity()).isEmpty());
        before = registered.size();
      } finally {
        agent.thaw();
      }
      // Its connection and queue outlived the freeze (heartbeats are 10 s apart), so nothing
      // makes it register but the mapper hearing a ping from an agent it no longer knows.
      Await.until("the thawed agent registers again and rejoins", Duration.ofSeconds(10),
          () -> registered.size() > before && mapper.agent(agent.identity()).isPresent());
      assertEquals(agent.identity(), work.whoami(Selector.target(agent.identity()),
          cluster.options()).get(10, TimeUnit.SECONDS), "routed to again once back");
    }
  }
}
