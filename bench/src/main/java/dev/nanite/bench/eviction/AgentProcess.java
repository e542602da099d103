package dev.nanite.bench.eviction;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EvictionAgentMain} in a child JVM on this JVM's class path. Closing it kills it, so
 * that tracking it with the bench leaves nothing running whatever happens to the scenario.
 */
public final class AgentProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentProcess.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String identity;
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);

  private AgentProcess(String identity, Process process) {
    this.identity = identity;
    this.process = process;
    Thread reader = new Thread(this::readOutput, "eviction-agent-" + identity);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts an agent and returns once it serves; kills it if it does not within 30 s.
   *
   * @param tag the tag the agent registers with, which the scenario's calls require
   */
  public static AgentProcess start(String uri, String identity, Duration ping, String tag)
      throws IOException, InterruptedException, TimeoutException {
    String java = ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    // A small, quickly started JVM: the agent only answers whoami.
    List<String> command = List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), EvictionAgentMain.class.getName(),
        uri, identity, Long.toString(ping.toMillis()), tag);
    AgentProcess agent = new AgentProcess(identity,
        new ProcessBuilder(command).redirectErrorStream(true).start());
    try {
      if (!agent.ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("agent " + identity + " did not serve within " + START_TIMEOUT);
      }
      if (!agent.process.isAlive()) {
        throw new IOException("agent " + identity + " exited with " + agent.process.exitValue());
      }
    } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  public String identity() {
    return identity;
  }

  /**
   * Sends SIGKILL and returns at once, without waiting for the process to die: no
   * unregistration, no goodbye, and the scenario can send a request right behind it.
   */
  public void kill() {
    process.destroyForcibly();
  }

  private void readOutput() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.equals("READY " + identity)) {
          ready.countDown();
        } else {
          log.info("agent {}: {}", identity, line);
        }
      }
    } catch (IOException e) {
      log.debug("agent {}: output closed: {}", identity, e.toString());
    } finally {
      ready.countDown(); // it exited: start() need not wait out its timeout
    }
  }

  /** Kills the agent if it still runs, and waits for it to be gone. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      log.warn("agent {} (pid {}) still runs 10 s after SIGKILL", identity, process.pid());
    }
  }
}
