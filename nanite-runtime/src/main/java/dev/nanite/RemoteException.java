package dev.nanite;

/**
 * The agent answered with an error: the actor method threw, or the agent rejected the request
 * (an unknown path, arguments that do not decode, a payload over its limit).
 */
public class RemoteException extends NaniteException {
  private static final long serialVersionUID = 1L;

  private final String agent;
  private final String errorType;
  private final String remoteMessage;

  /**
   * Creates the exception.
   *
   * @param errorType the class name of the actor's exception, or a {@code nanite.*} error kind
   * @param remoteMessage the exception's message on the agent, possibly null
   */
  public RemoteException(String path, String agent, String errorType, String remoteMessage) {
    super(
        path,
        path + " on agent " + agent + " failed: " + errorType
            + (remoteMessage == null ? "" : ": " + remoteMessage));
    this.agent = agent;
    this.errorType = errorType;
    this.remoteMessage = remoteMessage;
  }

  /** The identity of the agent that answered. */
  public String agent() {
    return agent;
  }

  /** The class name of the exception the actor threw, or a {@code nanite.*} rejection kind. */
  public String errorType() {
    return errorType;
  }

  /** The message of the exception on the agent, or null. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
