package dev.nanite.it.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** An agent running in a JVM of its own, started from this JVM's class path. */
public final class AgentProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String identity;
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private AgentProcess(String identity, Process process) {
    this.identity = identity;
    this.process = process;
    Thread reader = new Thread(this::readOutput, "agent-output-" + identity);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts an agent and returns once it serves.
   *
   * @param options AgentMain options after {@code --uri} and {@code --identity}
   */
  public static AgentProcess start(String uri, String identity, String... options)
      throws IOException {
    return start(AgentMain.class, uri, identity, options);
  }

  /**
   * Starts an agent with a main class of the test's own, which takes {@code --uri} and
   * {@code --identity} first like {@link AgentMain} and prints {@code READY <identity>} once it
   * serves, and returns once it does.
   */
  public static AgentProcess start(Class<?> main, String uri, String identity,
      String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", classPath(),
        main.getName(),
        "--uri", uri, "--identity", identity));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    AgentProcess agent = new AgentProcess(identity, process);
    agent.awaitOutput("READY " + identity, START_TIMEOUT);
    return agent;
  }

  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  public String identity() {
    return identity;
  }

  /** The process id, for logs. */
  public long pid() {
    return process.pid();
  }

  /** Kills the agent with SIGKILL: no unregistration, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Stops the agent with SIGTERM and waits for it to exit gracefully. */
  public void stop() throws InterruptedException {
    // Through the handle: Process.destroy() also closes our end of its output, which would
    // lose what the agent prints while it stops.
    process.toHandle().destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Freezes the agent with SIGSTOP: it neither pings nor answers, but keeps its connection. */
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a frozen agent run on with SIGCONT. */
  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill " + signal + " " + process.pid() + " failed: "
          + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** What the agent has printed so far. */
  public List<String> output() {
    return output;
  }

  public void awaitOutput(String line, Duration timeout) {
    Await.until(identity + " printing '" + line + "' (printed so far: " + output + ", alive: "
        + process.isAlive() + ")", timeout,
        () -> output.stream().anyMatch(l -> l.contains(line)) || !process.isAlive());
    if (output.stream().noneMatch(l -> l.contains(line))) {
      throw new AssertionError(identity + " exited with " + process.exitValue()
          + " before printing '" + line + "': " + output);
    }
  }

  private void readOutput() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        output.add(line);
      }
    } catch (IOException e) {
      output.add("(output closed: " + e + ")");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
