package dev.nanite.broker;

/**
 * An {@link EmbeddedBroker} could not be started, for example because its port is already in use.
 * The message names the port and what went wrong; the cause, when there is one, is Qpid's.
 */
public class EmbeddedBrokerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what went wrong, and its cause or null. */
  public EmbeddedBrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
