package dev.nanite;

/**
 * Why a Nanite call failed. Every future a {@link Requester} returns that does not complete with
 * a result completes with one of the subclasses, which say what went wrong and where.
 */
public class NaniteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /** An error concerning {@code path} (may be null when no path is involved). */
  public NaniteException(String path, String message) {
    this(path, message, null);
  }

  /** An error concerning {@code path} (may be null), caused by {@code cause}. */
  public NaniteException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The path of the call, or null. */
  public String path() {
    return path;
  }
}
