package dev.nanite.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * Where a command reads its input and writes its user-facing output, and the environment it
 * reads defaults from: the process's own in {@link Main#main}, scripted streams in tests.
 *
 * @param in the user's input (the shell reads commands from it)
 * @param out the command's output
 * @param err errors and diagnostics for the user
 * @param env environment variables, such as {@code NANITE_AMQP_URI}
 */
public record Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
  /** Checks that nothing is null. */
  public Io {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
  }

  /** The process's standard streams and environment. */
  public static Io system() {
    return new Io(System.in, System.out, System.err, System.getenv());
  }
}
