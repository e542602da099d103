package dev.nanite.internal.context;

import dev.nanite.CallContext;
import java.util.Optional;

/** Which call the current thread runs, for {@code CallContext.current()}. */
public final class Contexts {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private Contexts() {}

  /** The context of the call the current thread runs, if any. */
  public static Optional<CallContext> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Makes {@code context} the current thread's until {@link #restore} with what this returns:
   * the context it replaced, usually none.
   */
  public static CallContext enter(CallContext context) {
    CallContext before = CURRENT.get();
    CURRENT.set(context);
    return before;
  }

  /** Ends what {@link #enter} began. */
  public static void restore(CallContext before) {
    if (before == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(before);
    }
  }
}
