package dev.nanite;

/**
 * No live agent could take the call: nobody serves the path, none carries the call's tags, the
 * named target is gone or does not serve it, or every agent serving it has a different signature
 * for it (a {@link SignatureMismatchException}).
 */
public class NoAgentException extends NaniteException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} says which of the reasons applies. */
  public NoAgentException(String path, String message) {
    super(path, message);
  }
}
