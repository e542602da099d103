package dev.nanite;

/**
 * Told of changes to a mapper's registry of agents. Called on a mapper thread: return quickly
 * and do not block; an exception thrown here is logged and otherwise ignored.
 *
 * <p>Each agent's events alternate: {@link #registered} when it joins the registry, then any
 * number of {@link #reregistered}, then {@link #unregistered} or {@link #timedOut} when it
 * leaves, and {@link #registered} again if it comes back.
 */
public interface RegistryListener {
  /**
   * An agent joined the registry: one this mapper did not list, new or back after it was
   * evicted or unregistered.
   */
  default void registered(AgentInfo agent) {}

  /**
   * An agent this mapper already lists registered again: after its connection or this mapper's
   * came back, when a mapper (this one or another) asked every agent to register, or to change
   * its services or tags. {@code agent} is the registry entry after the registration.
   */
  default void reregistered(AgentInfo agent) {}

  /** An agent unregistered as it stopped, or its queue was found gone. */
  default void unregistered(AgentInfo agent) {}

  /** An agent was evicted for missing its pings. */
  default void timedOut(AgentInfo agent) {}
}
