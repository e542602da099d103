package dev.nanite.spring.autoconfigure;

import dev.nanite.AgentInfo;
import dev.nanite.Mapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The mapper's health: up while it is connected to the broker, down while it is not. Its details
 * say how many agents the mapper knows for each path of the application's clients; too few is
 * not "down", as restarting this application would not bring them back.
 */
public class NaniteHealthIndicator extends AbstractHealthIndicator {
  private final Mapper mapper;
  private final Collection<String> paths;

  /** The health of {@code mapper}, with the agents it knows for each of {@code paths}. */
  public NaniteHealthIndicator(Mapper mapper, Collection<String> paths) {
    super("Nanite health check failed");
    this.mapper = mapper;
    this.paths = List.copyOf(paths);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.status(mapper.isConnected() ? Status.UP : Status.DOWN).withDetail("mapper", mapper.identity());
    List<AgentInfo> agents = mapper.agents();
    Map<String, Long> agentsPerPath = new TreeMap<>();
    for (String path : paths) {
      agentsPerPath.put(path, agents.stream().filter(agent -> agent.serves(path)).count());
    }
    builder.withDetail("agents", agentsPerPath);
  }
}
