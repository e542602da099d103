package dev.nanite;

/**
 * Told of every call a mapper finishes, for metrics and logs:
 *
 * <pre>{@code
 * Mapper mapper = Mapper.builder()
 *     .observer((path, agent, outcome, nanos) -> latency.record(path, outcome, nanos))
 *     .start();
 * }</pre>
 *
 * <p>A call to {@link Selector#ALL} reports once per agent asked; a push reports once, when the
 * broker has taken it (or it failed). Called on mapper threads: return quickly and do not block;
 * an exception thrown here is logged and otherwise ignored.
 */
@FunctionalInterface
public interface CallObserver {
  /** How a call ended. */
  enum Outcome {
    /** The agent answered with a value (a push: the broker took it). */
    OK,
    /** The agent answered with an error, or the call failed for another reason. */
    ERROR,
    /** No answer by the deadline. */
    TIMEOUT,
    /** No agent serves the path (with the call's tags and signature). */
    NO_AGENT,
    /** The agent holding the call was lost before it answered. */
    LOST
  }

  /**
   * One call finished.
   *
   * @param path the path called
   * @param agent the agent that answered or should have, or null if none was chosen
   * @param outcome how it ended
   * @param latencyNanos from sending the call to its end
   */
  void finished(String path, String agent, Outcome outcome, long latencyNanos);
}
