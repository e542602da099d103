package dev.nanite.internal.mapper;

import dev.nanite.AgentInfo;
import dev.nanite.internal.protocol.Register;
import dev.nanite.internal.protocol.Service;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a mapper knows of one agent. Services and tags change only on registration (under the
 * registry's lock); status and last-seen change on every ping and in-flight on every call, so
 * those are volatile or atomic and read without locks.
 */
final class AgentState {
  final String identity;
  final AtomicInteger inFlight = new AtomicInteger();
  volatile Map<String, Service> services;
  volatile Set<String> tags;
  volatile long pingIntervalMillis;
  volatile boolean durableQueue;
  volatile double status;
  volatile long lastSeenNanos;
  volatile long lastSeenMillis;

  AgentState(String identity) {
    this.identity = identity;
  }

  /** Takes what a registration says. */
  void update(Register register, long nowNanos) {
    Map<String, Service> byPath = new LinkedHashMap<>();
    for (Service service : register.getServicesList()) {
      byPath.put(service.getPath(), service);
    }
    this.services = Map.copyOf(byPath);
    this.tags = Set.copyOf(register.getTagsList());
    this.pingIntervalMillis = register.getPingIntervalMillis();
    this.durableQueue = register.getDurableQueue();
    seen(register.getStatus(), nowNanos);
  }

  void seen(double status, long nowNanos) {
    this.status = status;
    this.lastSeenNanos = nowNanos;
    this.lastSeenMillis = System.currentTimeMillis();
  }

  boolean serves(String path) {
    return services.containsKey(path);
  }

  /** The fingerprint advertised for {@code path}, or null. */
  String fingerprint(String path) {
    Service service = services.get(path);
    return service == null ? null : service.getFingerprint();
  }

  AgentInfo snapshot() {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    services.forEach((path, service) -> fingerprints.put(path, service.getFingerprint()));
    return new AgentInfo(identity, status, tags, fingerprints, Instant.ofEpochMilli(lastSeenMillis),
        inFlight.get());
  }
}
