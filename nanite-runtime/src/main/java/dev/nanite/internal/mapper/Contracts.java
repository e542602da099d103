package dev.nanite.internal.mapper;

import dev.nanite.PathSchema;
import dev.nanite.contract.Compatibility;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an agent whose signature of a path differs from a caller's can take its calls, and if
 * not, why: from the two schemas, the caller's (on its class path) and the agent's (in its
 * registration), compared by {@link Compatibility}. A fleet mid-upgrade has agents of two
 * versions, and a caller of either version calls both when the change between them is one
 * protobuf carries (a field or an enum constant added). Each pair of fingerprints is judged
 * once. Thread-safe.
 */
final class Contracts {
  /** Finds a schema of a path by fingerprint. */
  @FunctionalInterface
  interface Lookup {
    Optional<PathSchema> find(String path, String fingerprint);
  }

  /** Knows neither side's schema: only identical signatures match. */
  static final Contracts UNKNOWN =
      new Contracts((p, f) -> Optional.empty(), (p, f) -> Optional.empty());

  private record Key(String path, String caller, String agent) {}

  /** The judgement of one pair: compatible, or the first incompatible difference. */
  private record Verdict(boolean compatible, String explanation) {}

  private final Lookup callers;
  private final Lookup agents;
  private final ConcurrentHashMap<Key, Verdict> judged = new ConcurrentHashMap<>();

  Contracts(Lookup callers, Lookup agents) {
    this.callers = callers;
    this.agents = agents;
  }

  /**
   * Whether an agent advertising {@code agentFingerprint} for {@code path} serves a caller
   * built for {@code callerFingerprint}: the same signature, an untyped caller (empty), or one
   * whose schema differs from the agent's only in ways protobuf carries.
   */
  boolean serves(String path, String callerFingerprint, String agentFingerprint) {
    if (callerFingerprint.isEmpty() || callerFingerprint.equals(agentFingerprint)) {
      return true;
    }
    return agentFingerprint != null
        && verdict(path, callerFingerprint, agentFingerprint).compatible();
  }

  /**
   * Why an agent advertising {@code agentFingerprint} cannot take the call: the first
   * incompatible difference, such as {@code parameter 2 'limit': int32 here, string on the
   * agent}, or which schema is missing to tell.
   */
  String explain(String path, String callerFingerprint, String agentFingerprint) {
    if (agentFingerprint == null || agentFingerprint.isEmpty()) {
      return "the agent advertises no fingerprint for " + path + " (every agent must: see"
          + " docs/protocol.md, Signature fingerprints)";
    }
    return verdict(path, callerFingerprint, agentFingerprint).explanation();
  }

  private Verdict verdict(String path, String callerFingerprint, String agentFingerprint) {
    Key key = new Key(path, callerFingerprint, agentFingerprint);
    Verdict known = judged.get(key);
    if (known != null) {
      return known;
    }
    Optional<PathSchema> here = callers.find(path, callerFingerprint);
    Optional<PathSchema> there = agents.find(path, agentFingerprint);
    if (here.isEmpty() || there.isEmpty()) {
      // Not kept: an agent may advertise its schema in a later registration.
      return new Verdict(false, missing(here.isPresent(), there.isPresent(), callerFingerprint,
          agentFingerprint));
    }
    Verdict verdict = Compatibility.firstIncompatible(here.get().requestType(),
            here.get().responseType(), there.get().requestType(), there.get().responseType(),
            "here", "on the agent")
        .map(difference -> new Verdict(false, difference.toString()))
        .orElse(new Verdict(true, "the two schemas are compatible"));
    judged.put(key, verdict);
    return verdict;
  }

  private static String missing(boolean here, boolean there, String callerFingerprint,
      String agentFingerprint) {
    if (there) {
      return "what differs is unknown: this caller's schema for " + callerFingerprint
          + " is not on the mapper's class path";
    } else if (here) {
      return "what differs is unknown: the agents advertised no schema for " + agentFingerprint;
    }
    return "what differs is unknown: neither this caller's schema for " + callerFingerprint
        + " is on the mapper's class path nor did the agents advertise one for "
        + agentFingerprint;
  }
}
