package dev.nanite;

import java.time.Duration;

/** The call's deadline passed before an answer came. */
public class RequestTimeoutException extends NaniteException {
  private static final long serialVersionUID = 1L;

  private final String agent;
  private final Duration timeout;

  /** Creates the exception; {@code agent} is the agent asked, or null if none was chosen yet. */
  public RequestTimeoutException(String path, String agent, Duration timeout) {
    super(
        path,
        path + (agent == null ? "" : " on agent " + agent) + " did not answer within " + timeout);
    this.agent = agent;
    this.timeout = timeout;
  }

  /**
   * Creates the exception, saying why the call may have gone unanswered: an agent refused a
   * request with the call's token as coming from someone it could not trust (a signature or
   * an account it refused; see docs/security.md). A notice, not the call's outcome, as anyone
   * who saw the token could have sent that request.
   */
  public RequestTimeoutException(String path, String agent, Duration timeout, String refusal) {
    super(path, path + (agent == null ? "" : " on agent " + agent) + " did not answer within "
        + timeout + "; meanwhile " + refusal);
    this.agent = agent;
    this.timeout = timeout;
  }

  /** The agent that was asked, or null. */
  public String agent() {
    return agent;
  }

  /** The deadline that passed. */
  public Duration timeout() {
    return timeout;
  }
}
