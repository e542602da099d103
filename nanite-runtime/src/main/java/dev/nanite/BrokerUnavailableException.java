package dev.nanite;

/** The mapper has no connection to the broker right now, so the call could not be sent. */
public class BrokerUnavailableException extends NaniteException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public BrokerUnavailableException(String path, String message, Throwable cause) {
    super(path, message, cause);
  }
}
