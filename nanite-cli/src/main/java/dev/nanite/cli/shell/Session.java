package dev.nanite.cli.shell;

import dev.nanite.Mapper;
import dev.nanite.cli.call.JsonCaller;
import java.io.PrintStream;
import dev.nanite.AgentInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What shell commands share: the mapper, the caller, where output and errors go, and the
 * settings a session changes (the default timeout). Used by one thread at a time.
 */
public final class Session {
  private final JsonCaller caller;
  private final PrintStream out;
  private final PrintStream err;
  /** How long after start the mapper is still hearing from the agents it asked to register. */
  private static final Duration DISCOVERY = Duration.ofSeconds(2);
  /** Registrations answering one call to register arrive within this of each other. */
  private static final long STRAGGLERS_NANOS = Duration.ofMillis(250).toNanos();

  private final long startNanos = System.nanoTime();
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

  /**
   * The live agents. Right after start, while the agents the mapper asked to register are
   * still answering (within a round trip, and 2 s at most), waits for their registrations
   * rather than reporting a fabric half heard: a one-shot {@code nanite mapper agents} runs
   * within milliseconds of its mapper's start.
   */
  public List<AgentInfo> agents() throws InterruptedException {
    long end = startNanos + DISCOVERY.toNanos();
    int seen = -1;
    long changed = System.nanoTime();
    while (System.nanoTime() < end) {
      int now = mapper().agents().size();
      if (now != seen) {
        seen = now;
        changed = System.nanoTime();
      } else if (now > 0 && System.nanoTime() - changed >= STRAGGLERS_NANOS) {
        break;
      }
      Thread.sleep(10); // polling a registry that fills within a round trip, bounded by end
    }
    return mapper().agents();
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
