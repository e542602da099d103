package dev.nanite.internal.mapper;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.nanite.AgentInfo;
import dev.nanite.internal.protocol.Counters;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a mapper knows of one agent. Services and tags change only on registration (under the
 * registry's lock); status, counters and last-seen change on every ping and in-flight on every
 * call, so those are volatile or atomic and read without locks.
 */
final class AgentState {
  private static final List<FieldDescriptor> COUNTER_FIELDS = Counters.getDescriptor().getFields();

  final String identity;
  /** Calls this mapper has sent to the agent that have not settled; selection reads it. */
  final AtomicInteger inFlight = new AtomicInteger();
  /**
   * The same calls, so that those of a lost agent are found without scanning every call. Only
   * {@link Call}'s transitions change it (and {@link #inFlight}).
   */
  final Set<Call> calls = ConcurrentHashMap.newKeySet();
  /** Per path: paths differ in cost, so one agent's latencies are not comparable across them. */
  private final ConcurrentHashMap<String, Latency> latencies = new ConcurrentHashMap<>();
  volatile Map<String, Service> services;
  /**
   * Each path's fingerprint, path and fingerprint interned: a typed call's path and fingerprint
   * are compile-time constants, so matching them here is an identity check instead of two
   * string comparisons on another agent's memory (selection does it for every candidate).
   */
  private volatile Map<String, String> fingerprints = Map.of();
  volatile Set<String> tags;
  volatile long pingIntervalMillis;
  volatile boolean durableQueue;
  /** The broker node the agent last registered from. */
  volatile String broker = "";
  /** Whether a call to all can reach it through the {@code nanite.all} exchange. */
  volatile boolean allExchange;
  volatile double status;
  volatile long lastSeenNanos;
  volatile long lastSeenMillis;
  /** The counters of the agent's last ping or registration that carried them, or null. */
  private volatile Counters counters;
  /** {@link #counters} as a map, built when a snapshot first needs it: at most once a ping. */
  private volatile CountersMap countersMap = CountersMap.NONE;

  AgentState(String identity) {
    this.identity = identity;
  }

  /** Takes what a registration says. */
  void update(Register register, long nowNanos) {
    Map<String, Service> byPath = new LinkedHashMap<>();
    Map<String, String> interned = new LinkedHashMap<>();
    for (Service service : register.getServicesList()) {
      byPath.put(service.getPath(), service);
      interned.put(service.getPath().intern(), service.getFingerprint().intern());
    }
    this.services = Map.copyOf(byPath);
    this.fingerprints = Map.copyOf(interned);
    this.tags = Set.copyOf(register.getTagsList());
    this.pingIntervalMillis = register.getPingIntervalMillis();
    this.durableQueue = register.getDurableQueue();
    this.broker = register.getBroker();
    this.allExchange = register.getAllExchange();
    if (register.hasCounters()) {
      counted(register.getCounters());
    }
    seen(register.getStatus(), nowNanos);
  }

  /** Takes the counters a ping or registration carried. */
  void counted(Counters counters) {
    this.counters = counters;
  }

  void seen(double status, long nowNanos) {
    this.status = status;
    this.lastSeenNanos = nowNanos;
    this.lastSeenMillis = System.currentTimeMillis();
  }

  /** Counts a reply to a call on {@code path} sent {@code roundTripNanos} ago. */
  void answered(String path, long roundTripNanos, long nowNanos) {
    latencies.computeIfAbsent(path, p -> new Latency()).sample(roundTripNanos, nowNanos);
  }

  /** This mapper's latency estimate for {@code path}, or null before its first reply. */
  Latency latency(String path) {
    return latencies.get(path);
  }

  boolean serves(String path) {
    return services.containsKey(path);
  }

  /** The fingerprint advertised for {@code path}, or null. */
  String fingerprint(String path) {
    return fingerprints.get(path);
  }

  AgentInfo snapshot() {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    services.forEach((path, service) -> fingerprints.put(path, service.getFingerprint()));
    return new AgentInfo(identity, status, tags, fingerprints, Instant.ofEpochMilli(lastSeenMillis),
        inFlight.get(), Duration.ofMillis(pingIntervalMillis), countersMap(), broker);
  }

  /** The counters by name, in the protocol's order, or empty if the agent sent none. */
  Map<String, Long> countersMap() {
    Counters current = counters;
    CountersMap cached = countersMap;
    if (cached.source != current) {
      cached = new CountersMap(current, asMap(current));
      countersMap = cached; // racing another snapshot costs a second build, nothing else
    }
    return cached.map;
  }

  /** Every field of {@code counters} by its name, zeros included; empty for null. */
  static Map<String, Long> asMap(Counters counters) {
    if (counters == null) {
      return Map.of();
    }
    Map<String, Long> map = new LinkedHashMap<>();
    for (FieldDescriptor field : COUNTER_FIELDS) {
      map.put(field.getJsonName(), (Long) counters.getField(field));
    }
    return Collections.unmodifiableMap(map);
  }

  /** Counters as received, with their map. */
  private record CountersMap(Counters source, Map<String, Long> map) {
    static final CountersMap NONE = new CountersMap(null, Map.of());
  }
}
