package dev.nanite.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private RabbitMQ node on ports of its own, for tests that must stop and restart a broker:
 * the machine's shared RabbitMQ is never touched. Its data directory survives a restart, so
 * durable queues and persistent messages do too.
 */
public final class RabbitNode implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
  private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");

  private final String node = "nanite" + UUID.randomUUID().toString().substring(0, 6) + "@localhost";
  private final Path dir;
  private final int port;
  private final int distPort;
  private Process process;

  private RabbitNode(Path dir, int port, int distPort) {
    this.dir = dir;
    this.port = port;
    this.distPort = distPort;
  }

  /** Whether this machine can run a private node (RabbitMQ is installed). */
  public static boolean available() {
    return Files.isExecutable(SERVER) && Files.isExecutable(CTL);
  }

  /** Starts a node on free ports and returns once it accepts AMQP connections. */
  public static RabbitNode start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("nanite-rabbit-");
    RabbitNode node = new RabbitNode(dir, freePort(), freePort());
    Files.writeString(dir.resolve("node.conf"),
        "listeners.tcp.local = 127.0.0.1:" + node.port + "\n");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    node.startProcess();
    return node;
  }

  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Stops the node gracefully; its data stays. */
  public void stop() throws IOException, InterruptedException {
    ctl("stop");
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Starts the stopped node again, with the data it had. */
  public void restart() throws IOException, InterruptedException {
    startProcess();
  }

  private void startProcess() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(SERVER.toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("RABBITMQ_NODENAME", node);
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("node").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
    process = builder.start();
    Await.until("private RabbitMQ node " + node + " accepting connections on " + port,
        Duration.ofSeconds(90), () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("the private RabbitMQ node exited; see "
                + dir.resolve("server.log"));
          }
          try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
          } catch (IOException e) {
            return false;
          }
        });
    ctl("await_startup");
  }

  private void ctl(String command) throws IOException, InterruptedException {
    Process ctl = new ProcessBuilder(CTL.toString(), "-n", node, "-q", command)
        .redirectErrorStream(true).start();
    if (!ctl.waitFor(60, TimeUnit.SECONDS)) {
      ctl.destroyForcibly();
      throw new IOException("rabbitmqctl " + command + " did not finish within 60 s");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      stop();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
