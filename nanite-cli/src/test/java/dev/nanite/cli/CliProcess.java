package dev.nanite.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code nanite} in a JVM of its own, from this JVM's class path (or any command), its output
 * (standard output and error together) going to a file read line by line: a pipe read while the
 * process exits may lose its last lines.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private CliProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code nanite args...} on the test class path. */
  static CliProcess nanite(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx192m", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        Main.class.getName()));
    command.addAll(List.of(args));
    return start(command, env);
  }

  /** Starts any command, in the repository's root. */
  static CliProcess start(List<String> command, Map<String, String> env) throws IOException {
    Path log = Files.createTempFile("nanite-process-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
        .directory(Repo.root().toFile());
    builder.environment().remove(BrokerUri.ENV);
    builder.environment().putAll(env);
    return new CliProcess(builder.start(), log);
  }

  static String java() {
    return ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
  }

  long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  /** Writes {@code line} and a newline to the process's standard input. */
  void type(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Every line printed so far. */
  List<String> output() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a line contains {@code text}; fails early if the process exits first. */
  String awaitLine(String text, Duration timeout) {
    Await.until("a line with '" + text + "' (so far: " + output() + ")", timeout,
        () -> !process.isAlive() || output().stream().anyMatch(l -> l.contains(text)));
    return output().stream().filter(l -> l.contains(text)).findFirst().orElseThrow(() ->
        new AssertionError("exited with " + process.exitValue() + " before printing '" + text
            + "': " + output()));
  }

  /** Waits for the process to exit; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit within " + timeout + ": " + output());
    }
    return process.exitValue();
  }

  /** Kills the process with SIGKILL. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary file
    }
  }
}
