package dev.nanite.internal.security;

/** Why a packet was refused for security, and the error type its sender is answered with. */
public enum Refusal {
  /** An account claiming an identity or path it may not, or a caller the policy refuses. */
  FORBIDDEN("nanite.Forbidden"),
  /** Unsigned where signing is required, an unknown key, a wrong signature. */
  BAD_SIGNATURE("nanite.BadSignature"),
  /** Signed too long ago (or ahead), or a copy of a request already taken. */
  REPLAYED("nanite.Replayed");

  private final String errorType;

  Refusal(String errorType) {
    this.errorType = errorType;
  }

  /** The {@code Error.type} of the reply, where one is sent. */
  public String errorType() {
    return errorType;
  }
}
