package dev.nanite.bench.eviction;

import dev.nanite.AgentInfo;
import dev.nanite.RegistryListener;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * When, and why, a mapper took each agent out of dispatch: stamped in the listener callback
 * itself, so that the time does not depend on how often the scenario polls.
 */
public final class Removals implements RegistryListener {
  /** How an agent left dispatch. */
  public enum Cause {
    /** It missed its pings for the agent timeout. */
    TIMED_OUT,
    /** Its queue was found gone (a returned publish), or it unregistered. */
    QUEUE_GONE
  }

  /** One agent's removal. */
  public record Removal(long atNanos, Cause cause) {}

  private final ConcurrentHashMap<String, Removal> removals = new ConcurrentHashMap<>();

  @Override
  public void unregistered(AgentInfo agent) {
    removals.putIfAbsent(agent.identity(), new Removal(System.nanoTime(), Cause.QUEUE_GONE));
  }

  @Override
  public void timedOut(AgentInfo agent) {
    removals.putIfAbsent(agent.identity(), new Removal(System.nanoTime(), Cause.TIMED_OUT));
  }

  /** Waits for the agent's removal, failing after {@code timeout}. */
  public Removal await(String identity, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Removal removal;
    while ((removal = removals.get(identity)) == null) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("the mapper did not remove " + identity + " within " + timeout);
      }
      Thread.sleep(5);
    }
    return removal;
  }
}
