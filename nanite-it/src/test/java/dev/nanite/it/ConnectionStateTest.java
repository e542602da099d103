package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.Agent;
import dev.nanite.ConnectionListener;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkActor;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.RecordingListener;
import dev.nanite.it.support.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an agent and a mapper say of their broker connection when a network cut takes it away
 * and gives it back: {@code isConnected()}, the connection listener's events, and the mappers'
 * registry events for the agent that registers again.
 */
class ConnectionStateTest {
  /** Records each event with the thread it came on. */
  private static final class Heard implements ConnectionListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void disconnected(String reason) {
      assertFalse(reason.isBlank(), "a reason is given");
      events.add("disconnected");
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void reconnected() {
      events.add("reconnected");
      threads.add(Thread.currentThread().getName());
    }
  }

  @Test
  void anAgentCutOffSaysSoAndRegistersAgainWhenBack() throws Exception {
    try (Cluster cluster = new Cluster(); TcpProxy network = TcpProxy.to(cluster.uri())) {
      RecordingListener registry = new RecordingListener();
      Mapper mapper = cluster.mapper(Mapper.builder().listener(registry));
      Heard heard = new Heard();
      String identity = cluster.identity("cut-off");
      // A ping interval long enough that the mapper keeps listing the agent while it is away:
      // coming back is then a re-registration, not a join.
      try (Agent agent = Agent.builder().uri(network.uri()).identity(identity)
          .tags(cluster.tag()).pingInterval(Duration.ofSeconds(10))
          .actor(new WorkActor(identity)).connectionListener(heard).start()) {
        Await.until("the mapper lists the agent", Duration.ofSeconds(10),
            () -> mapper.agent(identity).isPresent());
        assertTrue(agent.isConnected());
        assertEquals(List.of(identity), registry.registered());

        network.cut();
        Await.until("the agent says it is disconnected", Duration.ofSeconds(10),
            () -> !agent.isConnected());
        Await.until("its listener hears it", Duration.ofSeconds(10),
            () -> heard.events.equals(List.of("disconnected")));
        Await.until("it tries to reconnect", Duration.ofSeconds(10),
            () -> network.turnedAway() > 0);
        assertFalse(agent.isConnected(), "connected while its network is cut");

        network.restore();
        Await.until("the agent says it is connected again", Duration.ofSeconds(15),
            () -> agent.isConnected());
        Await.until("its listener hears it", Duration.ofSeconds(10),
            () -> heard.events.equals(List.of("disconnected", "reconnected")));
        Await.until("the mapper hears it register again", Duration.ofSeconds(10),
            () -> registry.reregistered().contains(identity));
        assertEquals(List.of(identity), registry.registered(), "it never left the registry");
        assertTrue(heard.threads.stream().allMatch(t -> t.startsWith("nanite-agent-events-")),
            "told on the agent's event thread: " + heard.threads);

        WorkClient work = new WorkClient(mapper);
        assertEquals(identity, work.whoami(Selector.target(identity), cluster.options())
            .get(10, TimeUnit.SECONDS), "it serves again");
      }
    }
  }

  @Test
  void aMapperCutOffSaysSoAndSendsCallsAgainWhenBackAndHearsItsAgentsRegisterAgain()
      throws Exception {
    Heard heard = new Heard();
    RecordingListener registry = new RecordingListener();
    try (Cluster cluster = new Cluster(); TcpProxy network = TcpProxy.to(cluster.uri());
        Mapper mapper = Mapper.builder().uri(network.uri()).connectionListener(heard)
            .listener(registry).start()) {
      String agent = cluster.agent("steady", 0, "--ping", "500").identity();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows the agent", Duration.ofSeconds(10),
          () -> mapper.agent(agent).isPresent());
      assertTrue(mapper.isConnected());

      network.cut();
      Await.until("the mapper says it is disconnected", Duration.ofSeconds(10),
          () -> !mapper.isConnected());
      Await.until("its listener hears it", Duration.ofSeconds(10),
          () -> heard.events.equals(List.of("disconnected")));

      network.restore();
      Await.until("the mapper says it is connected again", Duration.ofSeconds(15),
          mapper::isConnected);
      // Connected means ready: a call made now is sent, not failed as broker unavailable.
      assertEquals(agent, work.whoami(Selector.target(agent), cluster.options())
          .get(10, TimeUnit.SECONDS));
      Await.until("its listener hears it", Duration.ofSeconds(10),
          () -> heard.events.equals(List.of("disconnected", "reconnected")));
      assertTrue(heard.threads.stream().allMatch(t -> t.startsWith("nanite-mapper-events-")),
          "told on the mapper's event thread: " + heard.threads);
      // Back, it asked every agent to register: the one it kept listing registers again.
      Await.until("the mapper hears the agent register again", Duration.ofSeconds(10),
          () -> registry.reregistered().contains(agent));
      assertEquals(List.of(agent), registry.registered(), "it never left the registry");

      mapper.close();
      assertFalse(mapper.isConnected(), "a closed mapper is not connected");
      assertEquals(List.of("disconnected", "reconnected"), heard.events, "closing tells nothing");
    }
  }
}
