package dev.nanite.internal.mapper;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what a mapper did; read by tests, logs and metrics. */
public final class MapperStats {
  /** Requests sent to agents (each agent of an ALL call counts once, each resend too). */
  public final AtomicLong sent = new AtomicLong();
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
  /** Replies that came after their call had finished. */
  public final AtomicLong lateReplies = new AtomicLong();
}
