package dev.nanite;

import java.util.List;
import java.util.Objects;

/**
 * Chooses which agents receive a request among the live agents that serve its path (and carry
 * the call's tags).
 *
 * <p>A {@link Single} selector picks one agent and the call completes with that agent's result;
 * {@link #ALL} asks every agent and the call completes with a {@link Replies} keyed by agent
 * identity. Typed clients overload on the two, so the result type follows the selector:
 *
 * <pre>{@code
 * CompletableFuture<List<Integer>> one = mock.list("x");                  // least loaded
 * CompletableFuture<List<Integer>> rr = mock.list("x", Selector.ROUND_ROBIN);
 * CompletableFuture<Replies<List<Integer>>> all = mock.list("x", Selector.ALL);
 * }</pre>
 *
 * <p>Selectors are immutable and may be shared between threads and mappers.
 */
public sealed interface Selector permits Selector.Single, Selector.All {

  /**
   * The agent with the lowest reported status (load average by default), counting the requests
   * this mapper has in flight to each agent, so a burst between two pings is spread out. The
   * in-flight count is weighed by how much slower than the fastest candidate each agent has been
   * answering the path, so an agent that takes three times as long gets calls only when the fast
   * ones have that much more queued. Among many candidates (over 64) it picks the best of a
   * random sample, so choosing stays constant-time.
   */
  Single LEAST_LOADED = new Single(Single.Kind.LEAST_LOADED, null, null);

  /** A uniformly random agent. */
  Single RANDOM = new Single(Single.Kind.RANDOM, null, null);

  /** Each agent in turn, per path, in the order of their identities. */
  Single ROUND_ROBIN = new Single(Single.Kind.ROUND_ROBIN, null, null);

  /** Every agent serving the path. */
  All ALL = new All();

  /** The agent with this identity; the call fails with {@link NoAgentException} if it is gone. */
  static Single target(String identity) {
    return new Single(Single.Kind.TARGET, Checks.nonBlank("a target identity", identity), null);
  }

  /**
   * A selector of your own over the live candidates; see {@link Chooser}.
   *
   * @param name shown in errors and logs
   */
  static Single custom(String name, Chooser chooser) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(chooser, "chooser");
    return new Single(Single.Kind.CUSTOM, name, chooser);
  }

  /**
   * A user-defined choice of one agent.
   *
   * <p>Called on the mapper's thread with the agents that serve the path, carry the call's tags
   * and advertise a compatible signature, sorted by identity; never called with an empty list.
   * It must be fast and must not block.
   */
  @FunctionalInterface
  interface Chooser {
    /** Returns one of {@code candidates}, or {@code null} to fail the call with no agent. */
    AgentInfo choose(List<AgentInfo> candidates);
  }

  /** A selector that sends a request to exactly one agent. */
  final class Single implements Selector {
    /** How a single agent is chosen. */
    public enum Kind {
      /** See {@link Selector#LEAST_LOADED}. */
      LEAST_LOADED,
      /** See {@link Selector#RANDOM}. */
      RANDOM,
      /** See {@link Selector#ROUND_ROBIN}. */
      ROUND_ROBIN,
      /** See {@link Selector#target(String)}. */
      TARGET,
      /** See {@link Selector#custom(String, Chooser)}. */
      CUSTOM
    }

    private final Kind kind;
    private final String name;
    private final Chooser chooser;

    private Single(Kind kind, String name, Chooser chooser) {
      this.kind = kind;
      this.name = name;
      this.chooser = chooser;
    }

    /** How this selector chooses. */
    public Kind kind() {
      return kind;
    }

    /** The target identity for {@link Kind#TARGET}, the name for {@link Kind#CUSTOM}, else null. */
    public String name() {
      return name;
    }

    /** The user's chooser for {@link Kind#CUSTOM}, else null. */
    public Chooser chooser() {
      return chooser;
    }

    @Override
    public String toString() {
      return switch (kind) {
        case TARGET -> "target(" + name + ")";
        case CUSTOM -> "custom(" + name + ")";
        default -> kind.name().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  /** The selector that sends a request to every agent serving its path. */
  final class All implements Selector {
    private All() {}

    @Override
    public String toString() {
      return "all";
    }
  }
}
