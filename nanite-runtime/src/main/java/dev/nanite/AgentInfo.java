package dev.nanite;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param pingInterval how often the agent said it pings; a mapper evicts it after missing its
 *     pings for twice this long, unless {@link Mapper.Builder#agentTimeout} says otherwise
 * @param counters what the agent has counted since it started, as of its last ping, in the
 *     order the protocol lists them: the same names as {@link Agent#counters()}, such as
 *     {@code requests} and {@code failed}; empty for an agent too old to send them
 * @param broker the broker node the agent is connected to, as it dialled it ({@code host:port}),
 *     as of its last registration (it registers again after moving to another node); empty for
 *     an agent too old to say
 */
public record AgentInfo(
    String identity,
    double status,
    Set<String> tags,
    Map<String, String> services,
    Instant lastSeen,
    int inFlight,
    Duration pingInterval,
    Map<String, Long> counters,
    String broker) {

  /** Copies the collections so that the snapshot cannot change. */
  public AgentInfo {
    Objects.requireNonNull(identity, "identity");
    tags = Set.copyOf(tags);
    services = Map.copyOf(services);
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(pingInterval, "pingInterval");
    counters.forEach((name, value) -> {
      Objects.requireNonNull(name, "a counter's name");
      Objects.requireNonNull(value, "a counter's value");
    });
    counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    Objects.requireNonNull(broker, "broker");
  }

  /** Whether the agent serves {@code path}. */
  public boolean serves(String path) {
    return services.containsKey(path);
  }
}
