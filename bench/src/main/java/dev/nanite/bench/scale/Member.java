package dev.nanite.bench.scale;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** What the scale scenario's agents serve: one small path, so that each registers something. */
@Actor("member")
public interface Member {
  /** The identity of the agent that answers. */
  @Expose(idempotent = true)
  String whoami();
}
