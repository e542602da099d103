package dev.nanite.bench.eviction;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** What the eviction scenario's agents serve: just enough to see which agent answered. */
@Actor("evictee")
public interface Evictee {
  /**
   * The identity of the agent that answers. Idempotent, so a call whose agent is killed under it
   * is re-sent to another agent instead of failing: that re-send is what the scenario times.
   */
  @Expose(idempotent = true)
  String whoami();
}
