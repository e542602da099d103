package dev.nanite;

import java.util.Objects;

/**
 * One agent's answer to a request sent to {@link Selector#ALL}: a value or an error.
 *
 * @param <R> the result type
 */
public final class Reply<R> {
  private final String agent;
  private final R value;
  private final NaniteException error;

  private Reply(String agent, R value, NaniteException error) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.value = value;
    this.error = error;
  }

  /** A successful reply. */
  public static <R> Reply<R> success(String agent, R value) {
    return new Reply<>(agent, value, null);
  }

  /** A failed reply: the agent answered with an error, was lost, or did not answer in time. */
  public static <R> Reply<R> failure(String agent, NaniteException error) {
    return new Reply<>(agent, null, Objects.requireNonNull(error, "error"));
  }

  /** The identity of the agent that answered (or should have). */
  public String agent() {
    return agent;
  }

  /** Whether the agent answered with a value. */
  public boolean succeeded() {
    return error == null;
  }

  /**
   * The agent's result.
   *
   * @throws NaniteException the reply's error, if it failed
   */
  public R value() {
    if (error != null) {
      throw error;
    }
    return value;
  }

  /** The reply's error, or null if it succeeded. */
  public NaniteException error() {
    return error;
  }

  @Override
  public String toString() {
    return agent + (error == null ? " => " + value : " failed: " + error.getMessage());
  }
}
