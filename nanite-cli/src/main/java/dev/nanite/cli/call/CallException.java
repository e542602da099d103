package dev.nanite.cli.call;

/** A call that could not be made, or failed as a whole, with what kind of failure it was. */
public final class CallException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The caller's mistake: a malformed path, bad JSON, an unknown parameter. */
    USAGE,
    /** No agent serves the path (with the call's tags), or the target is gone. */
    NO_AGENT,
    /** The broker cannot be reached. */
    UNAVAILABLE,
    /** The call failed as a whole for another reason. */
    FAILED
  }

  private final Kind kind;

  /** A failure of {@code kind}. */
  public CallException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
