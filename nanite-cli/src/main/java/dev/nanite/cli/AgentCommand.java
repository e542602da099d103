package dev.nanite.cli;

import dev.nanite.BrokerUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nanite agent}: runs an agent daemon from an agent directory or a jar of actors. */
@Command(name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Runs an agent daemon from an agent directory or a jar of actors.",
    description = {
        "",
        "The agent serves until SIGTERM or SIGINT, then unregisters, finishes the calls in"
            + " flight and stops.",
        "",
        "An agent directory holds nanite.properties (paths in it are relative to it):",
        "",
        "  actors    = com.example.Mock, com.example.FooImpl",
        "  classpath = ../target/classes, lib/*.jar",
        "  uri       = amqps://nanite1@rabbit1:5671,rabbit2:5671/nanite",
        "  identity  = myagent-1",
        "  ping      = 15s",
        "  tags      = eu, gpu",
        "  prefetch  = 64",
        "  drain     = 10s",
        "  log_level = info",
        "  log_file  = agent.log",
        "  pid_file  = agent.pid",
        "  quorum-queue  = true",
        "  password-file = amqp.password",
        "  tls.trust-store               = tls/ca.p12",
        "  tls.trust-store-password-file = tls/ca.password",
        "  tls.key-store                 = tls/client.p12",
        "  tls.key-store-password-file   = tls/client.password",
        "  secure        = true",
        "  callers       = mapper, ops",
        "  signing-key   = keys/nanite1-a.key",
        "  key-id        = nanite1-a",
        "  trusted-keys  = keys/trusted-keys",
        "  signing-optional = false",
        "  signing-window   = 2m",
        "",
        "actors: the classes to create, each with the first it has of: a public no-argument"
            + " constructor; a public static no-argument create() method returning the actor"
            + " (the factory of an actor whose constructor takes its dependencies); a public"
            + " constructor taking the agent's identity (a String). An @Actor interface needs a"
            + " class implementing it here. Default: every @Actor class on the class path, each"
            + " with a no-argument constructor or create(). The agent checks every class before"
            + " it starts, and names those it cannot create.",
        "classpath: folders and jars; default classes and lib/*.jar in the directory.",
        "identity: default <directory>-<host>-<pid>; it must be unique on the vhost.",
        "uri: every node of a cluster; amqps:// for TLS, which checks the broker's certificate"
            + " against the JVM's trust store or tls.trust-store. password-file: a file"
            + " holding the password of the URI's user, kept out of the URI (and of"
            + " process lists and logs). tls.key-store: a client certificate, for a broker"
            + " that asks for one. Stores are PKCS12, or JKS if their name ends in .jks.",
        "quorum-queue: the agent's queue is a RabbitMQ quorum queue, replicated over the"
            + " cluster's nodes (RabbitMQ 3.8 or later).",
        "secure: identities bound to broker accounts (the agent is then named"
            + " <account>-<directory>-<host>-<pid>). callers: the accounts whose calls it"
            + " runs. signing-key, trusted-keys: sign packets, and check those taken. Each"
            + " is also a flag (below); docs/security.md explains them.",
        "A jar, or a folder without nanite.properties, runs every @Actor class in it.",
        "Flags override the file; the file overrides the environment: $NANITE_AMQP_URI,"
            + " $NANITE_AMQP_PASSWORD_FILE (else $NANITE_AMQP_PASSWORD),"
            + " $NANITE_TLS_TRUST_STORE_PASSWORD and $NANITE_TLS_KEY_STORE_PASSWORD.",
        ""},
    footer = ExitCodes.FOOTER)
final class AgentCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|JAR",
      description = "An agent directory (default: the current one), a jar of actors, or a"
          + " folder of actor classes.")
  Path source;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Settings to read instead of DIR/nanite.properties.")
  Path config;

  @Mixin
  BrokerFlags broker;

  @Option(names = "--identity", paramLabel = "ID", description = "The agent's identity.")
  String identity;

  @Option(names = "--ping", paramLabel = "DURATION", converter = Durations.class,
      description = "How often to ping the mappers with the status (default 15s).")
  Duration ping;

  @Option(names = "--tags", paramLabel = "TAG", split = ",",
      description = "Tags calls can require, comma-separated.")
  List<String> tags = List.of();

  @Option(names = "--prefetch", paramLabel = "N",
      description = "Requests held before answering them (default 64).")
  Integer prefetch;

  @Option(names = "--actors", paramLabel = "CLASS", split = ",",
      description = "Actor classes to create, comma-separated.")
  List<String> actors = List.of();

  @Option(names = "--classpath", paramLabel = "ENTRY", split = ",",
      description = "Folders and jars (lib/*.jar) to load actors from, comma-separated.")
  List<String> classpath = List.of();

  @Option(names = "--drain", paramLabel = "DURATION", converter = Durations.class,
      description = "How long stopping waits for calls in flight (default 10s).")
  Duration drain;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "trace, debug, info (default), warn, error or off.")
  LogLevel logLevel;

  @Option(names = "--log-file", paramLabel = "FILE",
      description = "Log to this file instead of standard error.")
  Path logFile;

  @Option(names = "--pid-file", paramLabel = "FILE",
      description = "Write the process id here while running.")
  Path pidFile;

  @Option(names = "--quorum-queue",
      description = "Declare the agent's queue as a RabbitMQ quorum queue, replicated over the"
          + " nodes of a cluster.")
  Boolean quorumQueue;

  @Mixin
  SecurityFlags security;

  @Option(names = "--callers", paramLabel = "ACCOUNT", split = ",",
      description = "Run calls only from these broker accounts, comma-separated; others get"
          + " nanite.Forbidden (default: any).")
  List<String> callers = List.of();

  AgentCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    AgentSpec spec;
    try {
      spec = AgentSpecs.resolve(new AgentFlags(source, config, broker.options(), identity, ping,
          tags, prefetch, actors, classpath, drain, logLevel, logFile, pidFile, quorumQueue,
          security.options(null, callers)), io.env());
    } catch (IllegalArgumentException e) {
      io.err().println("nanite agent: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    spec.logLevel().apply(spec.logFile());
    try {
      spec.broker().check(); // only now: parsing the URI starts the logger
    } catch (IllegalArgumentException e) {
      io.err().println("nanite agent: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    PidFile pid = null;
    AgentLauncher.Running running;
    try {
      pid = spec.pidFile() == null ? null : PidFile.claim(spec.pidFile());
      running = AgentLauncher.start(spec);
    } catch (BrokerUnavailableException e) {
      release(pid);
      io.err().println("nanite agent: " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    } catch (IllegalArgumentException | IllegalStateException e) {
      release(pid);
      for (String problem : e.getMessage().split("\n")) { // one line per actor it cannot create
        io.err().println("nanite agent: " + problem);
      }
      return ExitCodes.ERROR;
    }
    io.out().println("agent " + spec.identity() + " serving " + running.agent().paths() + " on "
        + spec.broker().redactedUri() + spec.security().suffix() + " (pid "
        + ProcessHandle.current().pid() + ")");
    io.out().flush();
    PidFile claimed = pid;
    Daemon.runUntilStopped(() -> {
      running.close();
      release(claimed);
      io.out().println("agent " + spec.identity() + " stopped");
      io.out().flush();
    });
    return ExitCodes.OK;
  }

  private static void release(PidFile pid) {
    if (pid != null) {
      pid.release();
    }
  }
}
