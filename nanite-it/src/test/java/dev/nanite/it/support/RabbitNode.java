package dev.nanite.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private RabbitMQ node on ports, directories and an Erlang cookie of its own, for tests that
 * must stop, kill, restart, cluster or reconfigure a broker: the machine's shared RabbitMQ is
 * never touched. Its data directory survives {@link #stop}, {@link #kill} and {@link #restart},
 * so durable queues and persistent messages do too; {@link #close} throws it away.
 *
 * <p>{@link #start()} gives a plain node; {@link #builder()} one with extra {@code rabbitmq.conf}
 * lines, plugins, a TLS listener or a given cookie (nodes of one cluster must share theirs).
 */
public final class RabbitNode implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
  private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration CTL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  /** Nodes not closed yet: a JVM that exits without closing one must not leave it running. */
  private static final Set<RabbitNode> OPEN = ConcurrentHashMap.newKeySet();
  /** Every port handed out in this JVM: never twice, so nodes started in parallel cannot clash. */
  private static final Set<Integer> PORTS = new HashSet<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (RabbitNode node : OPEN) {
        try {
          node.close();
        } catch (Exception e) {
          // the JVM is going: nothing more to do for this node
        }
      }
    }, "rabbit-node-cleanup"));
  }

  private final String node =
      "nanite" + UUID.randomUUID().toString().substring(0, 6) + "@localhost";
  private final Path dir;
  private final int port = freePort();
  private final int distPort = freePort();
  private final int tlsPort;
  /** The rabbitmq-server script: it runs the Erlang VM as its child and waits for it. */
  private volatile Process process;
  /** The Erlang VM itself (beam.smp), named by the pid file. */
  private volatile ProcessHandle beam;

  private RabbitNode(Path dir, boolean tls) throws IOException {
    this.dir = dir;
    this.tlsPort = tls ? freePort() : 0;
  }

  /** Whether this machine can run a private node (RabbitMQ is installed). */
  public static boolean available() {
    return Files.isExecutable(SERVER) && Files.isExecutable(CTL);
  }

  /** Starts a plain node on free ports and returns once it accepts AMQP connections. */
  public static RabbitNode start() throws IOException, InterruptedException {
    return builder().start();
  }

  /** For a node with extra configuration, plugins, TLS or a given Erlang cookie. */
  public static RabbitNodeBuilder builder() {
    return new RabbitNodeBuilder();
  }

  /** Writes the node's files and starts it; on failure, cleans up and says why. */
  static RabbitNode start(RabbitNodeBuilder options) throws IOException, InterruptedException {
    RabbitNode node = new RabbitNode(Files.createTempDirectory("nanite-rabbit-"),
        options.tls() != null);
    OPEN.add(node);
    try {
      node.writeFiles(options);
      node.startProcess();
      return node;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      String logs = node.logTail();
      try {
        node.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("private RabbitMQ node " + node.node + " did not start: " + e
          + "\n" + logs, e);
    }
  }

  private void writeFiles(RabbitNodeBuilder options) throws IOException {
    List<String> config = new ArrayList<>(List.of("listeners.tcp.local = 127.0.0.1:" + port));
    if (options.tls() != null) {
      config.add("listeners.ssl.default = 127.0.0.1:" + tlsPort);
      config.add("ssl_options.cacertfile = " + options.tls().caCert());
      config.add("ssl_options.certfile = " + options.tls().cert());
      config.add("ssl_options.keyfile = " + options.tls().key());
    }
    config.addAll(options.config());
    Files.write(dir.resolve("rabbitmq.conf"), config);
    // An explicit plugin list, empty by default: the machine's enabled plugins (management,
    // with its fixed port) would clash with the shared node.
    Files.writeString(dir.resolve("enabled_plugins"),
        "[" + String.join(",", options.plugins()) + "].\n");
    // Our own (empty) env file, so that /etc/rabbitmq/rabbitmq-env.conf, written for the
    // shared node, does not apply; what it did that we need is in env() instead.
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "# private node: see RabbitNode.env()\n");
    // The node and rabbitmqctl read the cookie from $HOME/.erlang.cookie. A home of the node's
    // own lets nodes of one cluster share a cookie without touching root's, and without the
    // race of parallel first starts each creating one. Erlang refuses a cookie file that others
    // can read.
    Path home = Files.createDirectory(dir.resolve("home"));
    Path cookie = home.resolve(".erlang.cookie");
    Files.writeString(cookie, options.cookie() != null ? options.cookie() : newCookie());
    Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
  }

  /** A random Erlang cookie. */
  public static String newCookie() {
    SecureRandom random = new SecureRandom();
    StringBuilder cookie = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      cookie.append((char) ('A' + random.nextInt(26)));
    }
    return cookie.toString();
  }

  /**
   * The environment a {@code rabbitmqctl} of another process needs to reach this node (its
   * cookie's home, its distribution on loopback), such as {@code nanite rabbitconf}'s.
   */
  public Map<String, String> ctlEnvironment() {
    return env();
  }

  /** The environment the node and rabbitmqctl share. */
  private Map<String, String> env() {
    return Map.of(
        "HOME", dir.resolve("home").toString(),
        "RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString(),
        // Distribution on loopback only: the node runs as root, and its distribution port lets
        // whoever holds the cookie run code in it. An epmd the node starts binds loopback too.
        "ERL_EPMD_ADDRESS", "127.0.0.1",
        "ERL_FLAGS", "-kernel inet_dist_use_interface {127,0,0,1}");
  }

  /** The Erlang node name, e.g. {@code nanite1a2b3c@localhost}. */
  public String nodeName() {
    return node;
  }

  @Override
  public String toString() {
    return node;
  }

  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The TLS listener's port (on 127.0.0.1). */
  public int tlsPort() {
    if (tlsPort == 0) {
      throw new IllegalStateException(node + " has no TLS listener: see RabbitNodeBuilder.tls");
    }
    return tlsPort;
  }

  /** The node's directory: configuration, data ({@code mnesia}) and logs ({@code log}). */
  public Path dir() {
    return dir;
  }

  /** Whether the node's processes run (it may still be starting or stopping). */
  public boolean running() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** The Erlang VM's process id. */
  public long pid() {
    return beam.pid();
  }

  /** The node's OS processes now: the script, the Erlang VM and the VM's helpers. */
  public List<ProcessHandle> processes() {
    Process p = process;
    if (p == null) {
      return List.of();
    }
    return Stream.concat(Stream.of(p.toHandle()), p.toHandle().descendants())
        .filter(ProcessHandle::isAlive).collect(Collectors.toList());
  }

  /** Stops the node gracefully; its data stays. */
  public void stop() throws IOException, InterruptedException {
    if (!running()) {
      return;
    }
    List<ProcessHandle> processes = processes();
    try {
      ctl("stop");
    } catch (IOException e) {
      kill();
      throw new IOException(node + " did not stop gracefully, so it was killed", e);
    }
    awaitExit(processes);
  }

  /**
   * Kills the node as a crash would: SIGKILL to the Erlang VM, no goodbye to clients or to
   * other cluster nodes. Returns once its processes are gone; its data stays.
   */
  public void kill() throws InterruptedException {
    if (!running()) {
      return;
    }
    List<ProcessHandle> processes = processes();
    ProcessHandle vm = beam;
    if (vm != null) {
      vm.destroyForcibly();
    }
    // The VM's helpers (erl_child_setup, inet_gethost, the disk monitor) exit once it is gone;
    // killing them too makes sure none outlives the node, even if the VM is still booting.
    processes.forEach(ProcessHandle::destroyForcibly);
    awaitExit(processes);
  }

  /** Waits until every one of {@code processes} has exited. */
  private void awaitExit(List<ProcessHandle> processes) throws InterruptedException {
    Process script = process;
    if (script != null && !script.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      processes.forEach(ProcessHandle::destroyForcibly);
    }
    Await.until(node + "'s processes exiting: " + processes, EXIT_TIMEOUT,
        () -> processes.stream().noneMatch(ProcessHandle::isAlive));
  }

  /** Starts the stopped or killed node again, with the data it had. */
  public void restart() throws IOException, InterruptedException {
    startProcess();
  }

  private void startProcess() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(SERVER.toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
    Map<String, String> env = builder.environment();
    env.putAll(env());
    env.put("RABBITMQ_NODENAME", node);
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
    Files.deleteIfExists(dir.resolve("pid"));
    process = builder.start();
    // rabbitmqctl gives up at once on a node not yet known to epmd, so first wait for the
    // listener, cheaply; await_startup then waits for the boot (plugins included) to finish.
    Await.until("private RabbitMQ node " + node + " accepting connections on " + port,
        START_TIMEOUT, () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("the private RabbitMQ node " + node + " exited");
          }
          return accepts(port);
        });
    ctl("await_startup");
    beam = readBeam();
  }

  /**
   * The Erlang VM named by the pid file, checked to be beam.smp under our script: kill() must
   * never hit a process of someone else's.
   */
  private ProcessHandle readBeam() throws IOException {
    long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
    ProcessHandle vm = process.toHandle().descendants().filter(h -> h.pid() == pid).findFirst()
        .orElseThrow(() -> new IOException("the pid file of " + node + " names " + pid
            + ", which is not a process of its script"));
    String command = vm.info().command().orElse("");
    if (!command.endsWith("beam.smp")) {
      throw new IOException("the pid file of " + node + " names " + pid + ", which runs "
          + command + ", not the Erlang VM");
    }
    return vm;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs {@code rabbitmqctl -n <node> -q <args>} against this node, e.g. {@code ctl("add_user",
   * "u", "p")} or {@code ctl("cluster_status", "--formatter", "json")}.
   *
   * @return what it printed
   * @throws IOException with what it printed, if it fails
   */
  public String ctl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CTL.toString(), "-n", node, "-q"));
    command.addAll(List.of(args));
    return Exec.run(dir, env(), CTL_TIMEOUT, command);
  }

  /** The last lines of the node's logs, for a failure message. */
  private String logTail() {
    StringBuilder tail = new StringBuilder();
    for (Path log : List.of(dir.resolve("server.log"), dir.resolve("log").resolve(node + ".log"))) {
      try {
        List<String> lines = Files.readAllLines(log);
        tail.append("--- ").append(log.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 30), lines.size())
            .forEach(l -> tail.append(l).append('\n'));
      } catch (IOException e) {
        tail.append("--- ").append(log.getFileName()).append(": ").append(e).append('\n');
      }
    }
    return tail.toString();
  }

  private static int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        synchronized (PORTS) {
          if (PORTS.add(port)) {
            return port;
          }
        }
      }
    }
  }

  /**
   * Kills the node, leaving no process of it behind, and deletes its directory. A kill, not a
   * graceful stop: the data is thrown away, so stopping would only cost time.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      kill();
    } finally {
      OPEN.remove(this);
      Dirs.delete(dir);
    }
  }
}
