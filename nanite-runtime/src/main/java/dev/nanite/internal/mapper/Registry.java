package dev.nanite.internal.mapper;

import dev.nanite.internal.protocol.Register;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The agents a mapper knows, and for each path the agents serving it, sorted by identity.
 * Membership changes (register, unregister, evict) take a lock and publish a new path index;
 * pings and selections read without locks.
 */
final class Registry {
  private static final AgentState[] NONE = new AgentState[0];
  private static final Comparator<AgentState> BY_IDENTITY = Comparator.comparing(s -> s.identity);

  private final ConcurrentHashMap<String, AgentState> agents = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private volatile Map<String, AgentState[]> byPath = Map.of();

  /**
   * Takes a registration; returns true if the agent was not known before.
   *
   * <p>Neither a new agent nor a known one registering the same services again rebuilds the
   * path index: the first is inserted in place, the second changes nothing in it. Each mapper
   * that starts asks every agent to register, and every mapper hears every registration; a
   * full rebuild (sorting every agent by identity) for each cost 200-350 µs with 1,000 agents,
   * and in the scale benchmark the burst delayed pings queued behind it in the inbox past the
   * agent timeout, and the evictions and registrations that followed fed on themselves.
   */
  boolean register(Register register, long nowNanos) {
    synchronized (lock) {
      AgentState state = agents.get(register.getIdentity());
      boolean added = state == null;
      if (added) {
        state = new AgentState(register.getIdentity());
      }
      Map<String, String> before = added ? null : fingerprints(state);
      state.update(register, nowNanos);
      if (added) {
        // The path index first, then the map: an agent anyone can see (mapper.agents(), say)
        // is then always one selection can choose. The other way round, a caller that saw it
        // and called at once could find the call to all leave it out.
        insert(state);
        agents.put(state.identity, state);
      } else if (!before.equals(fingerprints(state))) {
        rebuild();
      }
      return added;
    }
  }

  /** Each path {@code state} serves, with its fingerprint. */
  private static Map<String, String> fingerprints(AgentState state) {
    Map<String, String> fingerprints = new HashMap<>();
    state.services.forEach((path, service) -> fingerprints.put(path, service.getFingerprint()));
    return fingerprints;
  }

  /** Publishes the path index with a new agent in it, each path's agents still sorted. */
  private void insert(AgentState state) {
    Map<String, AgentState[]> next = new HashMap<>(byPath);
    for (String path : state.services.keySet()) {
      AgentState[] serving = next.getOrDefault(path, NONE);
      int found = Arrays.binarySearch(serving, state, BY_IDENTITY);
      if (found >= 0) { // an entry of that identity left behind: take its place
        AgentState[] replaced = serving.clone();
        replaced[found] = state;
        next.put(path, replaced);
        continue;
      }
      int at = -(found + 1);
      AgentState[] with = new AgentState[serving.length + 1];
      System.arraycopy(serving, 0, with, 0, at);
      with[at] = state;
      System.arraycopy(serving, at, with, at + 1, serving.length - at);
      next.put(path, with);
    }
    byPath = Map.copyOf(next);
    lock.notifyAll();
  }

  /** Removes an agent; returns it, or null if it was not known. */
  AgentState remove(String identity) {
    synchronized (lock) {
      AgentState removed = agents.remove(identity);
      if (removed != null) {
        rebuild();
      }
      return removed;
    }
  }

  /** Removes and returns the agents not heard from within their timeout. */
  List<AgentState> evictSilent(long nowNanos, ToLongFunction<AgentState> timeoutMillis) {
    List<AgentState> silent = new ArrayList<>();
    for (AgentState state : agents.values()) {
      long silentFor = nowNanos - state.lastSeenNanos;
      if (silentFor > TimeUnit.MILLISECONDS.toNanos(timeoutMillis.applyAsLong(state))) {
        silent.add(state);
      }
    }
    if (silent.isEmpty()) {
      return silent;
    }
    synchronized (lock) {
      silent.removeIf(state -> !agents.remove(state.identity, state)
          || nowNanos - state.lastSeenNanos
              <= TimeUnit.MILLISECONDS.toNanos(timeoutMillis.applyAsLong(state)));
      rebuild();
    }
    return silent;
  }

  /** The agent with this identity, or null. */
  AgentState get(String identity) {
    return agents.get(identity);
  }

  /** Every known agent. */
  List<AgentState> all() {
    List<AgentState> all = new ArrayList<>(agents.values());
    all.sort(Comparator.comparing(s -> s.identity));
    return all;
  }

  /** The agents serving {@code path}, sorted by identity; never null. */
  AgentState[] serving(String path) {
    AgentState[] serving = byPath.get(path);
    return serving == null ? NONE : serving;
  }

  /**
   * Waits until at least {@code count} agents serve {@code path} with {@code fingerprint} (any,
   * if empty), for at most {@code timeoutNanos}; true if they do.
   */
  boolean awaitServing(String path, String fingerprint, int count, long timeoutNanos)
      throws InterruptedException {
    return awaitServing(path, agent -> fingerprint.isEmpty()
        || fingerprint.equals(agent.fingerprint(path)), count, timeoutNanos);
  }

  /**
   * Waits until at least {@code count} agents serving {@code path} are {@code eligible}, for at
   * most {@code timeoutNanos}; true if they are.
   */
  boolean awaitServing(String path, Predicate<AgentState> eligible, int count,
      long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (lock) {
      while (serving(path, eligible) < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** How many agents serving {@code path} are {@code eligible}. */
  private int serving(String path, Predicate<AgentState> eligible) {
    int count = 0;
    for (AgentState agent : serving(path)) {
      if (eligible.test(agent)) {
        count++;
      }
    }
    return count;
  }

  private void rebuild() {
    index(agents.values());
  }

  /** Publishes the path index of {@code states}. */
  private void index(java.util.Collection<AgentState> states) {
    Map<String, List<AgentState>> index = new HashMap<>();
    for (AgentState state : states) {
      for (String path : state.services.keySet()) {
        index.computeIfAbsent(path, p -> new ArrayList<>()).add(state);
      }
    }
    Map<String, AgentState[]> sorted = new HashMap<>();
    index.forEach((path, list) -> {
      AgentState[] array = list.toArray(NONE);
      Arrays.sort(array, BY_IDENTITY);
      sorted.put(path, array);
    });
    byPath = Map.copyOf(sorted);
    lock.notifyAll();
  }
}
