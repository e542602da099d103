package dev.nanite.bench.actors;

import dev.nanite.annotations.Actor;
import dev.nanite.annotations.Expose;

/** The heterogeneous-agents benchmark's contract: a unit of work that takes time. */
@Actor
public interface Job {
  /** Works for the agent's time per call, then answers with the agent's identity. */
  @Expose
  String run(byte[] payload);
}
