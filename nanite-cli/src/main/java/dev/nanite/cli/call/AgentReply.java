package dev.nanite.cli.call;

import dev.nanite.AgentLostException;
import dev.nanite.NaniteException;
import dev.nanite.RemoteException;
import dev.nanite.RequestTimeoutException;
import java.util.Objects;

/**
 * One agent's answer to a call, with its result as JSON.
 *
 * @param agent the agent's identity
 * @param outcome how the agent answered
 * @param json the result as JSON, for {@link Outcome#OK}; else null
 * @param errorType for {@link Outcome#ERROR}, the exception's class or {@code nanite.*} kind
 * @param error what went wrong, for anything but {@link Outcome#OK}; else null
 */
public record AgentReply(String agent, Outcome outcome, String json, String errorType,
    String error) {

  /** How an agent answered. */
  public enum Outcome {
    /** With a value. */
    OK,
    /** With an error. */
    ERROR,
    /** Not by the deadline. */
    TIMEOUT,
    /** Its agent was lost before it answered. */
    LOST
  }

  /** Checks the agent and outcome. */
  public AgentReply {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** A value. */
  static AgentReply ok(String agent, String json) {
    return new AgentReply(agent, Outcome.OK, json, null, null);
  }

  /** A failure, classified by its exception. */
  static AgentReply failed(String agent, NaniteException error) {
    if (error instanceof RequestTimeoutException) {
      return new AgentReply(agent, Outcome.TIMEOUT, null, null, error.getMessage());
    }
    if (error instanceof AgentLostException) {
      return new AgentReply(agent, Outcome.LOST, null, null, error.getMessage());
    }
    if (error instanceof RemoteException remote) {
      return new AgentReply(agent, Outcome.ERROR, null, remote.errorType(),
          remote.remoteMessage() == null ? remote.errorType() : remote.remoteMessage());
    }
    return new AgentReply(agent, Outcome.ERROR, null, null, error.getMessage());
  }

  /** One line for people: {@code agent-1: [1,2,3]}, {@code agent-2: error X: message}. */
  public String describe() {
    return agent + ": " + switch (outcome) {
      case OK -> json;
      case ERROR -> "error " + (errorType == null ? "" : errorType + ": ") + error;
      case TIMEOUT -> "timed out (" + error + ")";
      case LOST -> "lost (" + error + ")";
    };
  }
}
