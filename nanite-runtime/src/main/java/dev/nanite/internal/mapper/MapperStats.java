package dev.nanite.internal.mapper;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what a mapper did; read by tests, logs and metrics. */
public final class MapperStats {
  /** Requests sent to agents (each agent of an ALL call counts once, each resend too). */
  public final AtomicLong sent = new AtomicLong();
  /** Packets refused for security (docs/protocol.md, "Security"). */
  public final dev.nanite.internal.security.SecurityStats security =
      new dev.nanite.internal.security.SecurityStats();
  /** Replies received for calls still waiting. */
  public final AtomicLong replies = new AtomicLong();
  /** Calls that reached their deadline. */
  public final AtomicLong timeouts = new AtomicLong();
  /** Requests the broker returned because the agent's queue was gone. */
  public final AtomicLong returned = new AtomicLong();
  /** Calls re-sent to another agent. */
  public final AtomicLong resent = new AtomicLong();
  /** Calls failed because their agent was lost. */
  public final AtomicLong lost = new AtomicLong();
  /** Agents evicted for missing their pings. */
  public final AtomicLong evictions = new AtomicLong();
  /** Packets refused as malformed, of an unknown version, or nonsensical. */
  public final AtomicLong rejected = new AtomicLong();
  /** Requests parked in the offline queue. */
  public final AtomicLong parked = new AtomicLong();
  /** Parked requests this mapper sent on to an agent. */
  public final AtomicLong unparked = new AtomicLong();
  /** Replies that came after their call had finished. */
  public final AtomicLong lateReplies = new AtomicLong();
  /** Calls and pushes to all sent as one message for all their agents (docs/protocol.md). */
  public final AtomicLong sentToAllAsOne = new AtomicLong();

  /** Every counter by name. */
  public java.util.Map<String, Long> asMap() {
    java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>();
    counters.put("sent", sent.get());
    counters.put("replies", replies.get());
    counters.put("timeouts", timeouts.get());
    counters.put("returned", returned.get());
    counters.put("resent", resent.get());
    counters.put("lost", lost.get());
    counters.put("evictions", evictions.get());
    counters.put("rejected", rejected.get());
    counters.put("parked", parked.get());
    counters.put("unparked", unparked.get());
    counters.put("lateReplies", lateReplies.get());
    counters.put("allAsOne", sentToAllAsOne.get());
    security.addTo(counters);
    return java.util.Collections.unmodifiableMap(counters);
  }
}
