package dev.nanite.cli;

import dev.nanite.Agent;
import dev.nanite.Mapper;
import dev.nanite.broker.EmbeddedBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An embedded broker with agents in this JVM (from the examples' agent directories, or actor
 * instances) and mappers, for one test class; closing it stops them all.
 */
final class Cluster implements AutoCloseable {
  static final Duration PING = Duration.ofMillis(300);

  private final EmbeddedBroker broker = EmbeddedBroker.start();
  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final List<AutoCloseable> closeables = new ArrayList<>();

  String uri() {
    return broker.uri();
  }

  /** A unique identity built from {@code name}. */
  String identity(String name) {
    return name + "-" + run;
  }

  /** Runs the agent of examples/{@code dir} as {@code nanite agent} would, named {@code name}. */
  Agent agentDirectory(String dir, String name) throws IOException {
    AgentSpec spec = AgentSpecs.resolve(new AgentFlags(Repo.example(dir), null,
        BrokerOptions.uri(uri()), identity(name), PING, List.of(), null, List.of(), List.of(),
        Duration.ofSeconds(2), null, null, null, null), Map.of());
    AgentLauncher.Running running = AgentLauncher.start(spec);
    closeables.add(running);
    return running.agent();
  }

  /** An agent hosting {@code actors}, named {@code name}. */
  Agent agent(String name, Object... actors) {
    Agent.Builder builder = Agent.builder().uri(uri()).identity(identity(name)).pingInterval(PING)
        .drainTimeout(Duration.ofSeconds(2));
    for (Object actor : actors) {
      builder.actor(actor);
    }
    Agent agent = builder.start();
    closeables.add(agent);
    return agent;
  }

  /** A mapper, closed with the cluster. */
  Mapper mapper(Mapper.Builder builder) {
    Mapper mapper = builder.uri(uri()).start();
    closeables.add(mapper);
    return mapper;
  }

  @Override
  public void close() {
    try {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        closeables.get(i).close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the cluster: " + e, e);
    } finally {
      broker.close();
    }
  }
}
