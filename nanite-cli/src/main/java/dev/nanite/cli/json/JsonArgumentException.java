package dev.nanite.cli.json;

/** Arguments given as JSON do not fit a path's request message; the message says where. */
public final class JsonArgumentException extends Exception {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public JsonArgumentException(String message) {
    super(message);
  }
}
