package dev.nanite;

import java.util.Objects;

/**
 * A call a mapper is about to make, as a {@link MapperInterceptor} sees it: its path, how the
 * agent is chosen, and its options (metadata among them), which it may change. Immutable.
 */
public final class OutgoingCall {
  private final String path;
  private final Selector selector;
  private final CallOptions options;
  private final boolean push;

  /** A call; the mapper makes these. */
  public OutgoingCall(String path, Selector selector, CallOptions options, boolean push) {
    this.path = Paths.requireValid(path);
    this.selector = Objects.requireNonNull(selector, "selector");
    this.options = Objects.requireNonNull(options, "options");
    this.push = push;
  }

  /** The path called, such as {@code /mock/list}. */
  public String path() {
    return path;
  }

  /** How the agent is chosen, or {@link Selector#ALL}. */
  public Selector selector() {
    return selector;
  }

  /** The call's options, with its metadata. */
  public CallOptions options() {
    return options;
  }

  /** Whether this is a push, which gets no result. */
  public boolean isPush() {
    return push;
  }

  /** This call with other options. */
  public OutgoingCall withOptions(CallOptions options) {
    return new OutgoingCall(path, selector, options, push);
  }

  /** This call with {@code key} = {@code value} in its metadata. */
  public OutgoingCall withMetadata(String key, String value) {
    return withOptions(options.withMetadata(key, value));
  }

  @Override
  public String toString() {
    return (push ? "push " : "call ") + path + " " + selector + " " + options;
  }
}
