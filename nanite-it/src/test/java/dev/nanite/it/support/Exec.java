package dev.nanite.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command line tool (rabbitmqctl, openssl) to its end within a deadline and hands back
 * what it printed, or throws with it: a fixture that shells out should fail with the tool's own
 * words, not with an exit code.
 */
final class Exec {
  private Exec() {}

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment.
   *
   * @return its standard output and error, interleaved
   * @throws IOException carrying that output if it exits non-zero or outlives {@code timeout}
   */
  static String run(Path dir, Map<String, String> env, Duration timeout, List<String> command)
      throws IOException, InterruptedException {
    // Output goes to a file, not a pipe: a tool's children (Erlang's inet_gethost, say) can keep
    // a pipe open after the tool exits, and reading it to its end would then hang.
    Path output = Files.createTempFile(dir, "exec-", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IOException(String.join(" ", command) + " did not finish within " + timeout
            + ": " + Files.readString(output, StandardCharsets.UTF_8));
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " exited with " + process.exitValue()
            + ": " + printed);
      }
      return printed;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
