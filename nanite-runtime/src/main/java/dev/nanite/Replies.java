package dev.nanite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers of every agent asked by a {@link Selector#ALL} call, keyed by agent identity.
 *
 * <p>Nothing is dropped: an agent that answered with an error, was lost, or had not answered by
 * the deadline appears with a failed {@link Reply}. Immutable.
 *
 * @param <R> the result type
 */
public final class Replies<R> {
  private final Map<String, Reply<R>> byAgent;

  private Replies(Map<String, Reply<R>> byAgent) {
    this.byAgent = Collections.unmodifiableMap(new LinkedHashMap<>(byAgent));
  }

  /** Wraps replies keyed by agent identity; called by the runtime. */
  public static <R> Replies<R> of(Map<String, Reply<R>> byAgent) {
    return new Replies<>(byAgent);
  }

  /** Every reply, keyed by agent identity, in the order the agents were asked. */
  public Map<String, Reply<R>> byAgent() {
    return byAgent;
  }

  /** The values of the agents that answered successfully. */
  public Map<String, R> values() {
    Map<String, R> values = new LinkedHashMap<>();
    byAgent.forEach(
        (agent, reply) -> {
          if (reply.succeeded()) {
            values.put(agent, reply.value());
          }
        });
    return Collections.unmodifiableMap(values);
  }

  /** The errors of the agents that failed, were lost or timed out. */
  public Map<String, NaniteException> failures() {
    Map<String, NaniteException> failures = new LinkedHashMap<>();
    byAgent.forEach(
        (agent, reply) -> {
          if (!reply.succeeded()) {
            failures.put(agent, reply.error());
          }
        });
    return Collections.unmodifiableMap(failures);
  }

  /** The agents that had not answered by the deadline. */
  public Set<String> unanswered() {
    Set<String> unanswered = new TreeSet<>();
    byAgent.forEach(
        (agent, reply) -> {
          if (reply.error() instanceof RequestTimeoutException) {
            unanswered.add(agent);
          }
        });
    return Collections.unmodifiableSet(unanswered);
  }

  /** Whether every agent asked answered with a value. */
  public boolean allSucceeded() {
    return byAgent.values().stream().allMatch(Reply::succeeded);
  }

  /** How many agents were asked. */
  public int size() {
    return byAgent.size();
  }

  @Override
  public String toString() {
    return byAgent.values().toString();
  }
}
