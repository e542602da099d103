package dev.nanite.examples.demo;

import dev.nanite.examples.agent.AgentMain;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An {@link AgentMain} daemon in a JVM of its own, as agents run in production. */
final class AgentProcess {
  private final String identity;
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);

  private AgentProcess(String identity, Process process) {
    this.identity = identity;
    this.process = process;
    Thread reader = new Thread(this::watch, "demo-agent-" + identity);
    reader.setDaemon(true);
    reader.start();
  }

  static AgentProcess start(String uri, String identity, double status, String tags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-Xmx96m", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"),
        AgentMain.class.getName(),
        "--uri", uri, "--identity", identity, "--ping", "1000",
        "--status", Double.toString(status)));
    if (!tags.isEmpty()) {
      command.addAll(List.of("--tags", tags));
    }
    AgentProcess agent = new AgentProcess(identity,
        new ProcessBuilder(command).redirectErrorStream(true).start());
    if (!agent.ready.await(60, TimeUnit.SECONDS)) {
      agent.kill();
      throw new IllegalStateException("agent " + identity + " did not start within 60 s");
    }
    return agent;
  }

  String identity() {
    return identity;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: the agent dies without unregistering, as in a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the agent unregisters, finishes its calls and exits. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }

  private void watch() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("READY ")) {
          ready.countDown();
        } else {
          System.out.println("    [" + identity + "] " + line);
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }
}
