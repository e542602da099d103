package dev.nanite.internal.mapper;

import dev.nanite.PathSchema;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What differs between the signature a caller was built for and the one an agent advertises for
 * a path, from the two schemas: the caller's (on its class path) and the agent's (in its
 * registration). Each pair of fingerprints is compared once. Thread-safe.
 */
final class Skew {
  /** Finds a schema of a path by fingerprint. */
  @FunctionalInterface
  interface Lookup {
    Optional<PathSchema> find(String path, String fingerprint);
  }

  /** Knows neither side's schema. */
  static final Skew UNKNOWN = new Skew((p, f) -> Optional.empty(), (p, f) -> Optional.empty());

  private record Key(String path, String caller, String agent) {}

  private final Lookup callers;
  private final Lookup agents;
  private final ConcurrentHashMap<Key, String> explained = new ConcurrentHashMap<>();

  Skew(Lookup callers, Lookup agents) {
    this.callers = callers;
    this.agents = agents;
  }

  /**
   * The first difference, such as {@code parameter 2 'limit': int32 here, string on the agent},
   * or which schema is missing to tell it.
   */
  String explain(String path, String callerFingerprint, String agentFingerprint) {
    Key key = new Key(path, callerFingerprint, agentFingerprint);
    String known = explained.get(key);
    if (known != null) {
      return known;
    }
    Optional<PathSchema> here = callers.find(path, callerFingerprint);
    Optional<PathSchema> there = agents.find(path, agentFingerprint);
    String explanation;
    if (here.isPresent() && there.isPresent()) {
      explanation = SchemaDiff.first(here.get(), there.get()).orElse("the two schemas show no"
          + " difference, so it is one they do not carry (a List for a Set, an Optional for a"
          + " nullable value, another protobuf message class)");
    } else if (there.isPresent()) {
      explanation = "what differs is unknown: this caller's schema for " + callerFingerprint
          + " is not on the mapper's class path";
    } else if (here.isPresent()) {
      explanation = "what differs is unknown: the agents advertised no schema for "
          + agentFingerprint;
    } else {
      explanation = "what differs is unknown: neither this caller's schema for "
          + callerFingerprint + " is on the mapper's class path nor did the agents advertise"
          + " one for " + agentFingerprint;
    }
    // Only a full answer is kept: an agent may advertise its schema in a later registration.
    if (here.isPresent() && there.isPresent()) {
      explained.put(key, explanation);
    }
    return explanation;
  }
}
