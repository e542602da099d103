package dev.nanite.cli;

import dev.nanite.Mapper;
import dev.nanite.cli.admin.AdminServer;
import dev.nanite.cli.admin.MeteredMapper;
import dev.nanite.cli.call.JsonCaller;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nanite admin}: a mapper serving the control tower page and its metrics. */
@Command(name = "admin",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    header = "Serves the control tower web page and metrics from a mapper.",
    description = {
        "",
        "Starts a mapper that serves the control tower: a web page of the live agents (status,"
            + " tags, paths, last ping), updated as they come and go, with a form to call any"
            + " path with JSON arguments and a selector and see every agent's reply.",
        "Also serves /metrics for Prometheus (calls by path and outcome with their latency,"
            + " agents online, calls in flight, re-routes and the mapper's counters; see"
            + " docs/metrics.md) and the JSON API the page uses: GET /api/agents, GET /api/paths,"
            + " POST /api/request.",
        "Runs until SIGTERM or SIGINT.",
        ""},
    footer = ExitCodes.FOOTER)
final class AdminCommand implements Callable<Integer> {
  private final Io io;

  @Mixin
  BrokerFlags broker;

  @Mixin
  SecurityFlags security;

  @Mixin
  AccountPathsFlag accountPaths;

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8080",
      description = "The port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (default ${DEFAULT-VALUE}: this machine only;"
          + " the page can call any path, so think twice before opening it wider).")
  String bind;

  @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = Durations.class,
      defaultValue = "10s", description = "The deadline of calls (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--wait", paramLabel = "DURATION", converter = Durations.class,
      defaultValue = "5s",
      description = "How long a call waits for its path's first agent (default ${DEFAULT-VALUE}).")
  Duration wait;

  @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
      description = "trace, debug, info (default), warn, error or off.")
  LogLevel logLevel;

  AdminCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    logLevel.apply(null);
    MapperStart.Outcome started = MapperStart.start("admin", broker,
        security.options(accountPaths.accountPaths, List.of()), timeout, io);
    if (started.mapper() == null) {
      return started.exitCode();
    }
    MeteredMapper metered = started.mapper();
    Mapper mapper = metered.mapper();
    PrometheusMeterRegistry registry = metered.registry();
    AdminServer tower;
    try {
      tower = AdminServer.start(new InetSocketAddress(bind, port), new JsonCaller(mapper, wait),
          registry, timeout);
    } catch (IOException e) {
      mapper.close();
      io.err().println("nanite admin: cannot listen on " + bind + ":" + port + ": " + e);
      return ExitCodes.ERROR;
    }
    io.out().println("control tower at " + tower.uri() + " (metrics at " + tower.uri()
        + "metrics), mapper " + mapper.identity() + " on " + started.on());
    io.out().flush();
    Daemon.runUntilStopped(() -> {
      tower.close();
      mapper.close();
    });
    return ExitCodes.OK;
  }
}
