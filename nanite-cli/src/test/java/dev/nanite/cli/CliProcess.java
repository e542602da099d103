package dev.nanite.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code nanite} in a JVM of its own, from this JVM's class path (or any command), with its
 * output (standard output and error together) collected line by line.
 */
final class CliProcess implements AutoCloseable {
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private CliProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "cli-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
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
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .directory(Repo.root().toFile());
    builder.environment().remove(BrokerUri.ENV);
    builder.environment().putAll(env);
    return new CliProcess(builder.start());
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

  List<String> output() {
    return output;
  }

  /** Waits until a line contains {@code text}; fails early if the process exits first. */
  String awaitLine(String text, Duration timeout) {
    Await.until("a line with '" + text + "' (so far: " + output + ")", timeout,
        () -> output.stream().anyMatch(l -> l.contains(text)) || !process.isAlive());
    return output.stream().filter(l -> l.contains(text)).findFirst().orElseThrow(() ->
        new AssertionError("exited with " + process.exitValue() + " before printing '" + text
            + "': " + output));
  }

  /** Sends SIGTERM and waits for the exit; returns the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  /** Waits for the process to exit; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit within " + timeout + ": " + output);
    }
    // the reader thread may still be draining the pipe
    Await.until("the output to close", Duration.ofSeconds(5),
        () -> output.stream().anyMatch(l -> l.startsWith("(output closed")));
    return process.exitValue();
  }

  /** Kills the process with SIGKILL. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private void read() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        output.add(line);
      }
    } catch (IOException e) {
      output.add("(output failed: " + e + ")");
    }
    output.add("(output closed)");
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
