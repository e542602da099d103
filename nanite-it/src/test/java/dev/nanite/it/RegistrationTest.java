package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Mapper;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.it.fixtures.MockPaths;
import dev.nanite.it.fixtures.WorkPaths;
import dev.nanite.it.fixtures.WorkProtocol;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How mappers learn of agents: from the registration an agent sends when it starts, and by
 * asking every live agent to register when the mapper starts late or gets its connection back. (An evicted agent that pings
 * again rejoins: see {@link EvictionTest}.)
 */
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
  void aMapperStartedLateAsksEveryLiveAgentToRegister() throws Exception {
    try (Cluster cluster = new Cluster()) {
      // Pings a minute apart: a late mapper that waited for them would wait a minute.
      String ping = Long.toString(Duration.ofMinutes(1).toMillis());
      List<String> agents = List.of(
          cluster.agent("early-a", 1, "--ping", ping).identity(),
          cluster.agent("early-b", 2, "--ping", ping).identity(),
          cluster.agent("early-c", 3, "--ping", ping).identity());
      long start = System.nanoTime();
      Mapper late = cluster.mapper();
      Await.until("the late mapper knows " + agents, Duration.ofSeconds(10),
          () -> Agents.known(late, agents).size() == agents.size());
      System.out.printf("late mapper learned %d agents in %d ms (ping %s ms)%n", agents.size(),
          Duration.ofNanos(System.nanoTime() - start).toMillis(), ping);
      assertEquals(2.0, Agents.status(late, cluster.identity("early-b")));
    }
  }

  @Test
  void aLateMappersAnswers_goToItAlone_notToEveryMapper() throws Exception {
    try (Cluster cluster = new Cluster();
        com.rabbitmq.client.Connection spyConnection = Brokers.connect()) {
      String ping = Long.toString(Duration.ofMinutes(1).toMillis());
      String agent = cluster.agent("answering", 1, "--ping", ping).identity();
      Mapper early = cluster.mapper();
      Await.until("the early mapper knows " + agent, Duration.ofSeconds(10),
          () -> early.agent(agent).isPresent());
      // A spy on the registration fanout, as every mapper's inbox is bound to it.
      com.rabbitmq.client.Channel spy = spyConnection.createChannel();
      String queue = spy.queueDeclare().getQueue();
      spy.queueBind(queue, Topology.REGISTRATION, "");

      Mapper late = cluster.mapper();
      Await.until("the late mapper knows " + agent, Duration.ofSeconds(10),
          () -> late.agent(agent).isPresent());
      // The broker routes a message to all of a fanout's queues at once: had the answer gone
      // through the fanout, the spy would hold it by now.
      int throughFanout = 0;
      for (com.rabbitmq.client.GetResponse got = spy.basicGet(queue, true); got != null;
          got = spy.basicGet(queue, true)) {
        Packet packet = Packet.parseFrom(got.getBody());
        if (packet.hasRegister() && packet.getRegister().getIdentity().equals(agent)) {
          throughFanout++;
        }
      }
      assertEquals(0, throughFanout, "the answer went to the late mapper alone");
    }
  }

  @Test
  void reconnection_mapperReconnects_asksAgainForAgentsThatRegisteredWhileAway()
      throws Exception {
    try (Cluster cluster = new Cluster(); TcpProxy network = TcpProxy.to(cluster.uri());
        Mapper cutOff = Mapper.builder().uri(network.uri()).start()) {
      Mapper witness = cluster.mapper();
      network.cut();
      Await.until("the cut-off mapper tries to reconnect", Duration.ofSeconds(10),
          () -> network.turnedAway() > 0);

      // It registers while the cut-off mapper has no inbox to hear it (an exclusive queue goes
      // with its connection), and then pings only a minute later.
      String ping = Long.toString(Duration.ofMinutes(1).toMillis());
      String agent = cluster.agent("while-away", 1, "--ping", ping).identity();
      Await.until("the other mapper hears " + agent + " register", Duration.ofSeconds(10),
          () -> witness.agent(agent).isPresent());
      assertTrue(cutOff.agent(agent).isEmpty(), "the cut-off mapper heard it");

      network.restore();
      long restored = System.nanoTime();
      Await.until("the reconnected mapper knows " + agent, Duration.ofSeconds(15),
          () -> cutOff.agent(agent).isPresent());
      System.out.printf("a reconnected mapper learned an agent %d ms after its network came back"
          + " (ping %s ms)%n", Duration.ofNanos(System.nanoTime() - restored).toMillis(), ping);
    }
  }
}
