package dev.nanite.cli.shell;

import dev.nanite.Mapper;
import dev.nanite.cli.call.JsonCaller;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * What shell commands share: the mapper, the caller, where output and errors go, and the
 * settings a session changes (the default timeout). Used by one thread at a time.
 */
public final class Session {
  private final JsonCaller caller;
  private final PrintStream out;
  private final PrintStream err;
  private Duration timeout;
  private boolean quit;

  /**
   * @param timeout the deadline of calls that do not give one
   */
  public Session(JsonCaller caller, PrintStream out, PrintStream err, Duration timeout) {
    this.caller = Objects.requireNonNull(caller, "caller");
    this.out = out;
    this.err = err;
    this.timeout = timeout;
  }

  /** Calls paths with JSON. */
  public JsonCaller caller() {
    return caller;
  }

  /** The mapper. */
  public Mapper mapper() {
    return caller.mapper();
  }

  /** Command output. */
  public PrintStream out() {
    return out;
  }

  /** Error messages. */
  public PrintStream err() {
    return err;
  }

  /** The deadline of calls that do not give one. */
  public Duration timeout() {
    return timeout;
  }

  void timeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** Whether the user asked to leave. */
  public boolean quit() {
    return quit;
  }

  void quit(boolean quit) {
    this.quit = quit;
  }
}
