package dev.nanite.internal.agent;

import dev.nanite.internal.protocol.Counters;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of what an agent handled; read by tests, logs and metrics. */
public final class AgentStats {
  /** Requests taken from the queue. */
  public final AtomicLong requests = new AtomicLong();
  /** Requests and other packets refused for security (docs/protocol.md, "Security"). */
  public final dev.nanite.internal.security.SecurityStats security =
      new dev.nanite.internal.security.SecurityStats();
  /** Requests whose actor method failed. */
  public final AtomicLong failed = new AtomicLong();
  /** Messages refused: bad packets, unknown paths, signature mismatches. */
  public final AtomicLong rejected = new AtomicLong();
  /** Requests skipped, or stopped, because their deadline had passed. */
  public final AtomicLong expired = new AtomicLong();
  /** Requests skipped, or stopped, because their caller cancelled them. */
  public final AtomicLong cancelled = new AtomicLong();
  /** Pings sent. */
  public final AtomicLong pings = new AtomicLong();
  /** Results the broker returned because their reply queue was gone (each return counts). */
  public final AtomicLong unrouted = new AtomicLong();
  /**
   * Returned results given up: past their deadline, without one, too many held, or for a reply
   * queue that has refused results for 30 s.
   */
  public final AtomicLong undelivered = new AtomicLong();

  /** Every counter by name. */
  public java.util.Map<String, Long> asMap() {
    java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>();
    counters.put("requests", requests.get());
    counters.put("failed", failed.get());
    counters.put("rejected", rejected.get());
    counters.put("expired", expired.get());
    counters.put("cancelled", cancelled.get());
    counters.put("pings", pings.get());
    counters.put("unrouted", unrouted.get());
    counters.put("undelivered", undelivered.get());
    security.addTo(counters);
    return java.util.Collections.unmodifiableMap(counters);
  }

  /**
   * Every counter as pings and registrations carry them, with {@code uncaught}: the exceptions
   * that escaped into amqp-client. A counter added here needs a field in {@code Counters}
   * (protocol.proto) to reach the mappers.
   */
  public Counters toCounters(long uncaught) {
    return Counters.newBuilder()
        .setRequests(requests.get())
        .setFailed(failed.get())
        .setRejected(rejected.get())
        .setExpired(expired.get())
        .setCancelled(cancelled.get())
        .setPings(pings.get())
        .setUnrouted(unrouted.get())
        .setUndelivered(undelivered.get())
        .setUncaught(uncaught)
        .setForbidden(security.forbidden.get())
        .setBadSignature(security.badSignature.get())
        .setReplayed(security.replayed.get())
        .build();
  }
}
