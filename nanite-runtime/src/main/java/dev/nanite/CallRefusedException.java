package dev.nanite;

/**
 * An interceptor's refusal of a call. Thrown by a {@link MapperInterceptor}, the caller's future
 * fails with it and nothing is sent; thrown by an {@link AgentInterceptor}, the caller gets a
 * {@link RemoteException} of its {@link #errorType()} and message, and the actor does not run.
 */
public class CallRefusedException extends NaniteException {
  private static final long serialVersionUID = 1L;

  private final String errorType;

  /**
   * A refusal of a call of {@code path}.
   *
   * @param errorType what the caller sees as the error's type, such as {@code acme.NoTenant}
   */
  public CallRefusedException(String path, String errorType, String message) {
    super(path, message);
    this.errorType = Checks.nonBlank("errorType", errorType);
  }

  /** The error's type, as the caller sees it. */
  public String errorType() {
    return errorType;
  }
}
