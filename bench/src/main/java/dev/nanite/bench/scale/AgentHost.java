package dev.nanite.bench.scale;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AgentHostMain} in a child JVM on this JVM's class path: {@code count} agents named
 * {@code prefix-0} to {@code prefix-(count-1)}. Closing it kills it, so that tracking it with the
 * bench leaves nothing running whatever happens to the scenario; and the child ends by itself
 * when this JVM does, as its standard input, which this JVM holds, then ends.
 */
public final class AgentHost implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentHost.class);
  /** Linux's /proc counts process times in ticks of 1/100 s. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * What the agents after the first added to their JVM ({@link AgentHostMain}).
   *
   * @param agents how many agents the figures are for
   * @param startMillis how long those agents took to start, {@code parallel} side by side
   */
  public record Cost(int agents, long threads, long heapBytes, long rssBytes, long startMillis) {}

  private final String uri;
  private final String prefix;
  private final int count;
  private final Duration ping;
  private final String tag;
  private volatile Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile Cost cost;
  private volatile boolean isReady;
  private volatile String failure;

  private AgentHost(String uri, String prefix, int count, Duration ping, String tag) {
    this.uri = uri;
    this.prefix = prefix;
    this.count = count;
    this.ping = ping;
    this.tag = tag;
  }

  /**
   * A host not started yet ({@link #start}), so that it can be tracked, and its agents named,
   * before its JVM runs.
   *
   * @param tag the tag its agents register with
   */
  public static AgentHost launchLater(String uri, String prefix, int count, Duration ping,
      String tag) {
    return new AgentHost(uri, prefix, count, ping, tag);
  }

  /** Launches the JVM and returns at once; see {@link #awaitReady}. */
  public synchronized void start() throws IOException {
    if (process != null) {
      throw new IllegalStateException("agent host " + prefix + " started already");
    }
    String java = ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    // A small JVM, quickly started: its agents only ping and answer whoami. A heap of about
    // 60 KB live per agent, with room for what starting them makes.
    List<String> command = List.of(java, "-Xmx" + Math.max(64, count) + "m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), AgentHostMain.class.getName(),
        "--uri", uri, "--prefix", prefix, "--count", Integer.toString(count),
        "--ping", Long.toString(ping.toMillis()), "--tag", tag);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader = new Thread(this::readOutput, "agent-host-" + prefix);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Waits until every agent of the host has started; kills it if they have not within
   * {@code timeout}.
   */
  public void awaitReady(Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    try {
      if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("agent host " + prefix + " did not start its " + count
            + " agents within " + timeout);
      }
      if (!isReady) {
        throw new IOException("agent host " + prefix + " failed: "
            + (failure != null ? failure : "exited with " + process.waitFor()));
      }
    } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
      close();
      throw e;
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

  /** What its agents cost, once {@link #awaitReady} has returned. */
  public Cost cost() {
    return cost;
  }

  /**
   * Sends SIGKILL and returns at once: its agents die together, without unregistering, and the
   * broker drops their queues as their connections go.
   */
  public void kill() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }

  /** The CPU time the host's process has used so far, user and system, from Linux's /proc. */
  public long cpuNanos() throws IOException {
    String line = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
  }

  private void readOutput() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("COST ")) {
          cost = parse(line);
        } else if (line.equals("READY " + prefix + " " + count)) {
          isReady = true;
          ready.countDown();
        } else {
          if (line.startsWith("FAILED ")) {
            failure = line;
          }
          log.info("agent host {}: {}", prefix, line);
        }
      }
    } catch (IOException e) {
      log.debug("agent host {}: output closed: {}", prefix, e.toString());
    } finally {
      ready.countDown(); // it exited: awaitReady need not wait out its timeout
    }
  }

  private static Cost parse(String line) {
    Map<String, Long> values = new HashMap<>();
    for (String field : line.substring("COST ".length()).split(" ")) {
      String[] pair = field.split("=");
      values.put(pair[0], Long.parseLong(pair[1]));
    }
    return new Cost(values.get("agents").intValue(), values.get("threads"),
        values.get("heapBytes"), values.get("rssBytes"), values.get("startMillis"));
  }

  /** Kills the host if it still runs, and waits for it to be gone. */
  @Override
  public void close() throws InterruptedException {
    Process running = process;
    if (running == null) {
      return;
    }
    running.destroyForcibly();
    if (!running.waitFor(10, TimeUnit.SECONDS)) {
      log.warn("agent host {} (pid {}) still runs 10 s after SIGKILL", prefix, running.pid());
    }
  }
}
