package dev.nanite.cli.rabbit;

/** RabbitMQ's administration refused, failed, or could not be reached; the message says which. */
public final class RabbitAdminException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public RabbitAdminException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public RabbitAdminException(String message, Throwable cause) {
    super(message, cause);
  }
}
