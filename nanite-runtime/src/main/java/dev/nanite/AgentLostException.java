package dev.nanite;

/**
 * The agent handling a call went away (its connection closed, or it missed its pings) before it
 * answered, and the method is not idempotent, so the call was not re-sent: it may or may not
 * have run.
 */
public class AgentLostException extends NaniteException {
  private static final long serialVersionUID = 1L;

  private final String agent;

  /** Creates the exception. */
  public AgentLostException(String path, String agent, String reason) {
    super(path, path + ": agent " + agent + " was lost before it answered (" + reason + ")");
    this.agent = agent;
  }

  /** The agent that was lost. */
  public String agent() {
    return agent;
  }
}
