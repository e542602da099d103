package dev.nanite.spring.autoconfigure;

import dev.nanite.Agent;

/**
 * Changes the auto-configured agent's builder before it starts (an interceptor, security...),
 * and sees the agent once it has. Every bean of this type is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface NaniteAgentCustomizer {
  /** Changes {@code builder}, which the {@code nanite.*} properties and actors have set already. */
  void customize(Agent.Builder builder);

  /** Called with the agent once it has started; does nothing unless overridden. */
  default void started(Agent agent) {}
}
