package dev.nanite;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a mapper knows of one live agent: an immutable snapshot of its registry entry.
 *
 * @param identity the agent's identity, which is also the name of its request queue
 * @param status the last status the agent reported (lower is less loaded)
 * @param tags the tags the agent registered with
 * @param services each path the agent serves, with that path's signature fingerprint
 * @param lastSeen when this mapper last heard from the agent
 * @param inFlight requests this mapper has sent to the agent that have not completed
 */
public record AgentInfo(
    String identity,
    double status,
    Set<String> tags,
    Map<String, String> services,
    Instant lastSeen,
    int inFlight) {

  /** Copies the collections so that the snapshot cannot change. */
  public AgentInfo {
    Objects.requireNonNull(identity, "identity");
    tags = Set.copyOf(tags);
    services = Map.copyOf(services);
    Objects.requireNonNull(lastSeen, "lastSeen");
  }

  /** Whether the agent serves {@code path}. */
  public boolean serves(String path) {
    return services.containsKey(path);
  }
}
