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
 * broker has taken it (or it failed). Besides the end of each call, an observer can follow each
 * attempt: every agent a call was {@linkplain #sent sent} to, and why it {@linkplain #movedOn
 * moved on} from one to the next, all under the call's id. Called on mapper threads, in the
 * order the events happen for one call: return quickly and do not block; an exception thrown
 * here is logged and otherwise ignored.
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
    LOST,
    /** The caller cancelled the call's future; the agent running it was told to stop. */
    CANCELLED
  }

  /** Why a call left an agent without its answer and went on to another. */
  enum MoveReason {
    /** The broker returned the request: the agent's queue was gone, so it never ran there. */
    RETURNED,
    /**
     * The agent was lost (evicted, unregistered, or its queue found gone) holding an idempotent
     * call, which may have run there.
     */
    AGENT_LOST,
    /**
     * The broker connection dropped with an idempotent call in flight; it is sent again once
     * the connection is back.
     */
    CONNECTION_LOST
  }

  /**
   * A call was sent to an agent.
   *
   * @param callId the call's id, the same in every event of the call and unique in the mapper
   * @param path the path called
   * @param agent the agent it was sent to
   * @param attempt 1 for the first agent, 2 for the next one it moved on to, and so on
   */
  default void sent(String callId, String path, String agent, int attempt) {}

  /**
   * A call left {@code agent} without its answer, for {@code reason}; it is sent on to another
   * agent, or, when no other can take it, finishes with the error {@link #finished} reports.
   */
  default void movedOn(String callId, String path, String agent, MoveReason reason) {}

  /**
   * One call finished, with its id ({@code null} for a push, which has no attempts to follow).
   * By default calls {@link #finished(String, String, Outcome, long)}.
   */
  default void finished(String callId, String path, String agent, Outcome outcome,
      long latencyNanos) {
    finished(path, agent, outcome, latencyNanos);
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
