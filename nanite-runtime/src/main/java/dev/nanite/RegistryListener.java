package dev.nanite;

/**
 * Told of changes to a mapper's registry of agents. Called on a mapper thread: return quickly
 * and do not block; an exception thrown here is logged and otherwise ignored.
 */
public interface RegistryListener {
  /** An agent registered, or registered again with new services or tags. */
  default void registered(AgentInfo agent) {}

  /** An agent unregistered as it stopped, or its queue was found gone. */
  default void unregistered(AgentInfo agent) {}

  /** An agent was evicted for missing its pings. */
  default void timedOut(AgentInfo agent) {}
}
