package dev.nanite.it.support;

import dev.nanite.AgentInfo;
import dev.nanite.Mapper;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** What a mapper knows of a given set of agents. */
public final class Agents {
  private Agents() {}

  /** The identities among {@code expected} that {@code mapper} knows. */
  public static Set<String> known(Mapper mapper, Collection<String> expected) {
    Set<String> known = new TreeSet<>();
    for (AgentInfo agent : mapper.agents()) {
      if (expected.contains(agent.identity())) {
        known.add(agent.identity());
      }
    }
    return known;
  }

  /** The status {@code mapper} last heard from {@code identity}, or NaN if unknown. */
  public static double status(Mapper mapper, String identity) {
    return mapper.agent(identity).map(AgentInfo::status).orElse(Double.NaN);
  }
}
