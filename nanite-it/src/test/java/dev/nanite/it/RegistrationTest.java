package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Mapper;
import dev.nanite.it.fixtures.MockPaths;
import dev.nanite.it.fixtures.WorkPaths;
import dev.nanite.it.fixtures.WorkProtocol;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How mappers learn of agents: registrations at start, and pings for mappers started late. */
class RegistrationTest {
  private static final Duration PING = Duration.ofMillis(1000);

  @Test
  void twoMappersSeeARegistrationWithinOnePing() throws Exception {
    try (Cluster cluster = new Cluster()) {
      Mapper first = cluster.mapper();
      Mapper second = cluster.mapper();
      AgentProcess agent = cluster.agent("fresh", 0.5, "--ping", Long.toString(PING.toMillis()));
      long ready = System.nanoTime();
      Await.until("both mappers know " + agent.identity(), Duration.ofSeconds(10),
          () -> first.agent(agent.identity()).isPresent()
              && second.agent(agent.identity()).isPresent());
      Duration took = Duration.ofNanos(System.nanoTime() - ready);
      System.out.printf("registration seen by two mappers %d ms after the agent was ready%n",
          took.toMillis());
      assertTrue(took.compareTo(PING) <= 0, "took " + took + ", more than one ping " + PING);
      Set<String> paths = new java.util.HashSet<>(Set.of(MockPaths.LIST));
      WorkProtocol.endpoints().forEach(endpoint -> paths.add(endpoint.path()));
      assertEquals(paths, first.agent(agent.identity()).orElseThrow().services().keySet());
      assertTrue(first.agent(agent.identity()).orElseThrow().tags().contains(cluster.tag()));
    }
  }

  @Test
  void aMapperStartedLateLearnsEveryLiveAgentWithinOnePing() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String ping = Long.toString(PING.toMillis());
      List<String> agents = List.of(
          cluster.agent("early-a", 1, "--ping", ping).identity(),
          cluster.agent("early-b", 2, "--ping", ping).identity(),
          cluster.agent("early-c", 3, "--ping", ping).identity());
      long start = System.nanoTime();
      Mapper late = cluster.mapper();
      Await.until("the late mapper knows " + agents, Duration.ofSeconds(10),
          () -> Agents.known(late, agents).size() == agents.size());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf("late mapper learned %d agents in %d ms (ping %d ms)%n", agents.size(),
          took.toMillis(), PING.toMillis());
      // One ping interval brings every agent's ping; the advertise/register round trip that
      // follows takes milliseconds, and starting the mapper itself is included here.
      Duration bound = PING.plus(Duration.ofMillis(400));
      assertTrue(took.compareTo(bound) <= 0, "took " + took + ", more than " + bound);
      assertEquals(2.0, Agents.status(late, cluster.identity("early-b")));
    }
  }
}
