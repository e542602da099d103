package dev.nanite.it.support;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many agents in one JVM of their own ({@link AgentHostMain}), started from this JVM's class
 * path. Closing it kills it; it also ends by itself when this JVM does.
 */
public final class AgentHost implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final String prefix;
  private final int count;
  private final Process process;
  private final List<String> output = new java.util.concurrent.CopyOnWriteArrayList<>();

  private AgentHost(String prefix, int count, Process process) {
    this.prefix = prefix;
    this.count = count;
    this.process = process;
    Thread reader = new Thread(() -> {
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
          process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.add(line);
        }
      } catch (IOException e) {
        output.add("(output closed: " + e + ")");
      }
    }, "agent-host-output-" + prefix);
    reader.setDaemon(true);
    reader.start();
  }

  /** Launches the JVM and returns at once: see {@link #awaitReady()}. */
  public static AgentHost launch(String uri, String prefix, int count, Duration ping, String tag)
      throws IOException {
    List<String> command = List.of(
        ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"),
        "-Xmx" + Math.max(64, count) + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")),
        AgentHostMain.class.getName(), uri, prefix, Integer.toString(count),
        Long.toString(ping.toMillis()), tag);
    return new AgentHost(prefix, count,
        new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Returns once every agent of the host has started (connected, consuming, registered). */
  public void awaitReady() {
    String ready = "READY " + prefix + " " + count;
    Await.until(prefix + " starting its " + count + " agents (printed so far: " + output + ")",
        START_TIMEOUT, () -> output.contains(ready) || !process.isAlive());
    if (!output.contains(ready)) {
      throw new AssertionError("agent host " + prefix + " exited with " + process.exitValue()
          + " before its agents started: " + output);
    }
  }

  /** The identities of its agents. */
  public List<String> identities() {
    List<String> identities = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      identities.add(prefix + "-" + i);
    }
    return identities;
  }

  /** SIGKILL, returning at once: its agents die together, without unregistering. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
