package dev.nanite.internal.mapper;

import dev.nanite.AgentInfo;
import dev.nanite.NoAgentException;
import dev.nanite.Selector;
import dev.nanite.SignatureMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks agents for a call among those serving its path that carry its tags and advertise its
 * signature fingerprint or a compatible one (see {@link Contracts}; an empty fingerprint, from
 * an untyped call, matches any).
 *
 * <p>Least-loaded scores each candidate as its last reported status plus this mapper's calls in
 * flight to it times a weight, and breaks ties at random: between two pings the status does not
 * move, so without the in-flight term a burst would all go to one agent. The in-flight term is
 * scaled by the agent's latency on the path relative to the fastest candidate, so a slow agent
 * takes calls only when the fast ones are that much busier. Among more than {@link #SCAN_ALL}
 * candidates it scores a random sample of {@link #SAMPLE}.
 */
final class Selection {
  /** Up to this many candidates, least-loaded scores every one. */
  static final int SCAN_ALL = 64;
  /** Beyond, it scores this many drawn at random. */
  static final int SAMPLE = 16;
  private static final String REBUILD = "make the change a compatible one (docs/protocol.md,"
      + " Compatible changes) or rebuild the caller or the agents against the same actor";

  private final Registry registry;
  private final double inFlightWeight;
  private final Contracts contracts;
  private final ConcurrentHashMap<String, AtomicLong> roundRobin = new ConcurrentHashMap<>();

  Selection(Registry registry, double inFlightWeight) {
    this(registry, inFlightWeight, Contracts.UNKNOWN);
  }

  /** @param contracts tells which agents of another signature a caller may call, and why not */
  Selection(Registry registry, double inFlightWeight, Contracts contracts) {
    this.registry = registry;
    this.inFlightWeight = inFlightWeight;
    this.contracts = contracts;
  }

  /**
   * One agent for a call.
   *
   * @throws NoAgentException saying why no agent could take it; a {@link
   *     SignatureMismatchException} when agents serve the path, but none with the caller's
   *     signature
   */
  AgentState one(String path, String fingerprint, Set<String> tags, Selector.Single selector) {
    return one(path, fingerprint, tags, selector, Set.of());
  }

  /** Like {@link #one(String, String, Set, Selector.Single)}, never choosing {@code excluded}. */
  AgentState one(String path, String fingerprint, Set<String> tags, Selector.Single selector,
      Set<String> excluded) {
    AgentState[] serving = excluded.isEmpty() ? registry.serving(path)
        : without(registry.serving(path), excluded);
    AgentState chosen = switch (selector.kind()) {
      case LEAST_LOADED -> leastLoaded(serving, path, fingerprint, tags);
      case RANDOM -> nth(serving, path, fingerprint, tags, -1);
      case ROUND_ROBIN -> nth(serving, path, fingerprint, tags,
          roundRobin.computeIfAbsent(path, p -> new AtomicLong()).getAndIncrement());
      case TARGET -> target(selector.name(), path, fingerprint, tags, excluded);
      case CUSTOM -> custom(selector, serving, path, fingerprint, tags);
    };
    if (chosen == null) {
      throw noAgent(serving, path, fingerprint, tags);
    }
    return chosen;
  }

  /**
   * Every agent for a call.
   *
   * @throws NoAgentException saying why there is none
   */
  List<AgentState> all(String path, String fingerprint, Set<String> tags) {
    AgentState[] serving = registry.serving(path);
    List<AgentState> all = new ArrayList<>(serving.length);
    for (AgentState agent : serving) {
      if (matches(agent, path, fingerprint, tags)) {
        all.add(agent);
      }
    }
    if (all.isEmpty()) {
      throw noAgent(serving, path, fingerprint, tags);
    }
    return all;
  }

  private AgentState leastLoaded(AgentState[] serving, String path, String fingerprint,
      Set<String> tags) {
    if (serving.length <= SCAN_ALL) {
      return best(serving, path, fingerprint, tags);
    }
    // Scoring a thousand agents per call costs microseconds; the best of a random sample is
    // nearly as good (power of d choices) and constant-time.
    AgentState[] sample = new AgentState[SAMPLE];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < SAMPLE; i++) {
      sample[i] = serving[random.nextInt(serving.length)];
    }
    AgentState best = best(sample, path, fingerprint, tags);
    return best != null ? best : best(serving, path, fingerprint, tags); // filters ruled all out
  }

  /**
   * The candidate with the lowest score: its status plus the weight times the calls it would
   * then have in flight from this mapper, scaled by how much slower than the fastest candidate
   * it answers this path. The scaling keeps an agent that takes three times as long from getting
   * a fair count of calls that then take three times as long; it is 1 until agents have answered.
   */
  private AgentState best(AgentState[] candidates, String path, String fingerprint,
      Set<String> tags) {
    // One pass filters the candidates and looks up their latency for the path, one scores them:
    // each lookup reads another agent's state (a cache miss among a thousand agents), so it is
    // done once per candidate, not once per pass.
    AgentState[] eligible = new AgentState[candidates.length];
    Latency[] latencies = new Latency[candidates.length];
    int count = 0;
    double fastest = Double.POSITIVE_INFINITY;
    for (AgentState agent : candidates) {
      if (!matches(agent, path, fingerprint, tags)) {
        continue;
      }
      Latency latency = agent.latency(path);
      eligible[count] = agent;
      latencies[count] = latency;
      count++;
      if (latency != null && latency.rawNanos() > 0 && latency.rawNanos() < fastest) {
        fastest = latency.rawNanos();
      }
    }
    long now = System.nanoTime();
    AgentState best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    int ties = 0;
    for (int i = 0; i < count; i++) {
      AgentState agent = eligible[i];
      double score = agent.status
          + inFlightWeight * (agent.inFlight.get() + 1) * slowness(latencies[i], fastest, now);
      if (best == null || score < bestScore) {
        best = agent;
        bestScore = score;
        ties = 1;
      } else if (score == bestScore && ThreadLocalRandom.current().nextInt(++ties) == 0) {
        best = agent; // reservoir sampling: each tied agent is equally likely
      }
    }
    return best;
  }

  /**
   * How many times slower than {@code fastest} an agent with this latency estimate answers the
   * path; 1 if unknown.
   */
  private static double slowness(Latency latency, double fastest, long now) {
    if (fastest == Double.POSITIVE_INFINITY || latency == null || latency.rawNanos() == 0) {
      return 1;
    }
    double mean = latency.meanNanos(fastest, now);
    return mean <= fastest ? 1 : mean / fastest;
  }

  /**
   * The {@code n}-th agent modulo their count, or a random one for n &lt; 0, among those that
   * match. When the agent drawn matches (no tags, no skew: the usual case) that is one array
   * access; the exact count and scan, which cost microseconds among a thousand agents, are for
   * when it does not.
   */
  private AgentState nth(AgentState[] serving, String path, String fingerprint, Set<String> tags,
      long n) {
    if (serving.length == 0) {
      return null;
    }
    if (n < 0) {
      // Rejection sampling: uniform among the matching agents, like the exact scan below.
      for (int tries = 0; tries < 4; tries++) {
        AgentState pick = serving[ThreadLocalRandom.current().nextInt(serving.length)];
        if (matches(pick, path, fingerprint, tags)) {
          return pick;
        }
      }
    } else {
      // Each in turn; an agent the filters rule out hands its turn to the exact count below.
      AgentState pick = serving[(int) Math.floorMod(n, (long) serving.length)];
      if (matches(pick, path, fingerprint, tags)) {
        return pick;
      }
    }
    int count = 0;
    for (AgentState agent : serving) {
      if (matches(agent, path, fingerprint, tags)) {
        count++;
      }
    }
    if (count == 0) {
      return null;
    }
    long index = n < 0 ? ThreadLocalRandom.current().nextInt(count) : Math.floorMod(n, count);
    for (AgentState agent : serving) {
      if (matches(agent, path, fingerprint, tags) && index-- == 0) {
        return agent;
      }
    }
    return null; // membership changed during the scan: report no agent rather than guess
  }

  /** The target, or why it cannot take the call: each check says what it found. */
  private AgentState target(String identity, String path, String fingerprint, Set<String> tags,
      Set<String> excluded) {
    AgentState agent = registry.get(identity);
    String named = "the target agent " + identity;
    if (agent == null) {
      throw new NoAgentException(path, named + " is not registered");
    }
    if (excluded.contains(identity)) {
      throw new NoAgentException(path, named + " was tried already for this call");
    }
    if (!agent.serves(path)) {
      throw new NoAgentException(path, named + " does not serve " + path + " (it serves "
          + new TreeSet<>(agent.services.keySet()) + ")");
    }
    String theirs = agent.fingerprint(path);
    if (!contracts.serves(path, fingerprint, theirs)) {
      throw new SignatureMismatchException(path, fingerprint, Set.of(theirs), named + " serves "
          + path + " with signature " + theirs + ", incompatible with " + fingerprint
          + ", which this caller was built for: " + contracts.explain(path, fingerprint, theirs)
          + "; " + REBUILD);
    }
    if (!tags.isEmpty() && !agent.tags.containsAll(tags)) {
      Set<String> missing = new TreeSet<>(tags);
      missing.removeAll(agent.tags);
      throw new NoAgentException(path, named + " serves " + path + " but does not carry the tags "
          + missing + " (it carries " + new TreeSet<>(agent.tags) + ")");
    }
    return agent;
  }

  private AgentState custom(Selector.Single selector, AgentState[] serving, String path,
      String fingerprint, Set<String> tags) {
    List<AgentInfo> candidates = new ArrayList<>();
    for (AgentState agent : serving) {
      if (matches(agent, path, fingerprint, tags)) {
        candidates.add(agent.snapshot());
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    AgentInfo chosen;
    try {
      chosen = selector.chooser().choose(List.copyOf(candidates));
    } catch (RuntimeException e) {
      throw new NoAgentException(path, "the selector " + selector + " failed: " + e);
    }
    if (chosen == null) {
      throw new NoAgentException(path, "the selector " + selector + " chose no agent among "
          + candidates.size());
    }
    // From the candidates it chose among, not the registry: an agent that left dispatch since
    // is still the one chosen, and the call finds it gone the way any call does.
    for (AgentState agent : serving) {
      if (agent.identity.equals(chosen.identity()) && matches(agent, path, fingerprint, tags)) {
        return agent;
      }
    }
    throw new NoAgentException(path, "the selector " + selector + " chose " + chosen.identity()
        + ", which is not one of the candidates");
  }

  private static AgentState[] without(AgentState[] serving, Set<String> excluded) {
    return java.util.Arrays.stream(serving).filter(a -> !excluded.contains(a.identity))
        .toArray(AgentState[]::new);
  }

  /** Whether {@code agent} may take a call of this signature and tags. */
  boolean matches(AgentState agent, String path, String fingerprint, Set<String> tags) {
    if (!contracts.serves(path, fingerprint, agent.fingerprint(path))) {
      return false;
    }
    return tags.isEmpty() || agent.tags.containsAll(tags);
  }

  /** Why no agent could take a call that reached none of {@code serving}. */
  private NoAgentException noAgent(AgentState[] serving, String path, String fingerprint,
      Set<String> tags) {
    if (serving.length == 0) {
      return new NoAgentException(path, "no agent serves " + path);
    }
    Set<String> fingerprints = new TreeSet<>();
    int compatible = 0;
    String incompatible = null;
    for (AgentState agent : serving) {
      String theirs = agent.fingerprint(path);
      if (theirs != null) {
        fingerprints.add(theirs);
      }
      if (contracts.serves(path, fingerprint, theirs)) {
        compatible++;
      } else if (incompatible == null || theirs != null && theirs.compareTo(incompatible) < 0) {
        incompatible = theirs; // the first in order, so that the message does not vary
      }
    }
    if (compatible == 0) {
      String explained = contracts.explain(path, fingerprint, incompatible);
      return new SignatureMismatchException(path, fingerprint, fingerprints, serving.length
          + " agent(s) serve " + path + " but with signature " + fingerprints
          + ", incompatible with " + fingerprint + ", which this caller was built for: "
          + (fingerprints.size() > 1 ? "against " + incompatible + ", " : "") + explained + "; "
          + REBUILD);
    }
    int others = serving.length - compatible;
    return new NoAgentException(path, "none of the " + compatible + " agent(s) serving " + path
        + (others > 0 ? " with a signature compatible with this caller's" : "")
        + " carries the tags " + new TreeSet<>(tags) + (others > 0 ? " (" + others
            + " other(s) serve it with an incompatible signature: "
            + contracts.explain(path, fingerprint, incompatible) + ")" : ""));
  }
}
