package dev.nanite.internal.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The signed requests an agent took, each remembered until it would be refused anyway (its
 * deadline, or its signature's window), so that a copy of one is refused. Keys expire in
 * buckets of a second, so forgetting costs one removal per key: memory is the rate of signed
 * requests times how long each stays fresh. Thread-safe.
 */
final class ReplayCache {
  private final Set<String> seen = new HashSet<>();
  private final TreeMap<Long, List<String>> expiring = new TreeMap<>();

  /**
   * Remembers {@code key} until {@code expiresMillis}; false if it is remembered already (a
   * replay).
   */
  synchronized boolean firstSight(String key, long expiresMillis, long nowMillis) {
    forget(nowMillis);
    if (!seen.add(key)) {
      return false;
    }
    expiring.computeIfAbsent(expiresMillis / 1000 + 1, s -> new ArrayList<>()).add(key);
    return true;
  }

  /** Whether {@code key} is remembered (taken already), without remembering it. */
  synchronized boolean seen(String key, long nowMillis) {
    forget(nowMillis);
    return seen.contains(key);
  }

  private void forget(long nowMillis) {
    long second = nowMillis / 1000;
    while (!expiring.isEmpty() && expiring.firstKey() <= second) {
      Map.Entry<Long, List<String>> oldest = expiring.pollFirstEntry();
      seen.removeAll(oldest.getValue());
    }
  }

  synchronized int size() {
    return seen.size();
  }
}
