package dev.nanite.internal.dispatch;

/**
 * A call the dispatch table refused or could not finish for a reason of Nanite's, not of the
 * actor's: reported to the caller as an error of kind {@link Kind#errorType()}.
 */
public final class DispatchException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the call was refused. */
  public enum Kind {
    /** The arguments do not decode as the method's request message. */
    BAD_ARGUMENTS("nanite.BadArguments"),
    /** The method's result cannot be encoded (a null element in a returned list, say). */
    BAD_RESULT("nanite.BadResult");

    private final String errorType;

    Kind(String errorType) {
      this.errorType = errorType;
    }

    /** The error type reported to the caller. */
    public String errorType() {
      return errorType;
    }
  }

  private final Kind kind;

  /** Creates the exception. */
  public DispatchException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why the call was refused. */
  public Kind kind() {
    return kind;
  }
}
