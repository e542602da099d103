package dev.nanite.cli;

import dev.nanite.Mapper;
import dev.nanite.cli.admin.AdminServer;
import dev.nanite.cli.admin.MeteredMapper;
import dev.nanite.cli.call.JsonCaller;
import dev.nanite.cli.shell.JLineSource;
import dev.nanite.cli.shell.LineSource;
import dev.nanite.cli.shell.PlainLineSource;
import dev.nanite.cli.shell.Session;
import dev.nanite.cli.shell.Shell;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nanite mapper}: the interactive mapper shell, or one shell command for scripts. */
@Command(name = "mapper",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Opens the mapper shell (-i), or runs one shell command for a script.",
    description = {
        "",
        "Starts a mapper, then reads shell commands from the terminal (or standard input)"
            + " with -i, or runs the one COMMAND given and exits with its status.",
        "",
        "Shell commands (COMMAND --help says more):",
        "  agents              the live agents: status, tags, paths, last ping",
        "  paths               every path served, with its parameters",
        "  request PATH [ARGS] [-s SELECTOR] [-t DURATION] [--tags TAGS]",
        "                      call PATH; print each agent's reply as JSON",
        "  push PATH [ARGS]    send without waiting for a result",
        "  wait PATH [COUNT]   wait until COUNT agents serve PATH",
        "  timeout [DURATION]  show or set the deadline of calls",
        "  quit                leave (Ctrl-D does too)",
        "",
        "ARGS is JSON: an object by parameter name ({\"filter\": \"1\"}), an array by position"
            + " ([\"1\"]), or one value for a method with one parameter (\"1\").",
        "SELECTOR: least_loaded (default), random, round_robin, all, target:<identity>.",
        "",
        "Examples:",
        "  nanite mapper -i",
        "  nanite mapper request /foo/bar '{\"payload\": \"hi\"}' --selector all",
        ""},
    footer = ExitCodes.FOOTER)
final class MapperCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = {"-i", "--interactive"},
      description = "Read commands from the terminal (or standard input) until quit.")
  boolean interactive;

  @Mixin
  BrokerFlags broker;

  @Mixin
  SecurityFlags security;

  @Mixin
  AccountPathsFlag accountPaths;

  @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = Durations.class,
      defaultValue = "10s", description = "The deadline of calls (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--wait", paramLabel = "DURATION", converter = Durations.class,
      defaultValue = "5s", description = "How long a call waits for its path's first agent:"
          + " a new mapper hears of every live agent within one ping interval (default"
          + " ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--admin-port", paramLabel = "PORT",
      description = "Also serve the control tower on this port (see nanite admin).")
  Integer adminPort;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The control tower's address (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--history", paramLabel = "FILE",
      description = "The shell's history file (default ~/.nanite_history).")
  Path history;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
      description = "trace, debug, info, warn (default) or error; logs go to standard error.")
  LogLevel logLevel;

  @Parameters(paramLabel = "COMMAND", arity = "0..*",
      description = "A shell command to run instead of the shell, such as: request /mock/list")
  List<String> command = List.of();

  MapperCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    if (interactive == !command.isEmpty()) {
      io.err().println("nanite mapper: give -i for the shell, or one shell command such as"
          + " 'request /mock/list'; see nanite mapper --help");
      return ExitCodes.USAGE;
    }
    logLevel.apply(null);
    MapperStart.Outcome started = MapperStart.start("mapper", broker,
        security.options(accountPaths.accountPaths, List.of()), timeout, io);
    if (started.mapper() == null) {
      return started.exitCode();
    }
    MeteredMapper metered = started.mapper();
    Mapper mapper = metered.mapper();
    PrometheusMeterRegistry registry = metered.registry();
    JsonCaller caller = new JsonCaller(mapper, wait);
    try (mapper; AdminServer tower = adminPort == null ? null : AdminServer.start(
        new InetSocketAddress(bind, adminPort), caller, registry, timeout)) {
      Session session = new Session(caller, io.out(), io.err(), timeout);
      Shell shell = new Shell(session);
      if (!interactive) {
        return shell.execute(command);
      }
      io.out().println("nanite mapper " + mapper.identity() + " on "
          + started.on() + "; type help for the commands, quit to leave");
      if (tower != null) {
        io.out().println("control tower at " + tower.uri());
      }
      io.out().flush();
      try (LineSource lines = terminal() ? JLineSource.system(historyFile(), () -> paths(mapper))
          : new PlainLineSource(io.in())) {
        return shell.run(lines);
      }
    }
  }

  private boolean terminal() {
    return io.in() == System.in && System.console() != null;
  }

  private Path historyFile() {
    return history != null ? history : Path.of(System.getProperty("user.home"), ".nanite_history");
  }

  private static Collection<String> paths(Mapper mapper) {
    TreeSet<String> paths = new TreeSet<>();
    mapper.agents().forEach(agent -> paths.addAll(agent.services().keySet()));
    return paths;
  }
}
