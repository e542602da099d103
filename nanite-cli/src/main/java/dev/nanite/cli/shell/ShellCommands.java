package dev.nanite.cli.shell;

import dev.nanite.AgentInfo;
import dev.nanite.CallOptions;
import dev.nanite.PathSchema;
import dev.nanite.Selector;
import dev.nanite.cli.Durations;
import dev.nanite.cli.ExitCodes;
import dev.nanite.cli.call.AgentReply;
import dev.nanite.cli.call.CallException;
import dev.nanite.cli.call.Selectors;
import dev.nanite.cli.json.JsonMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The shell's commands, one method each; each returns an exit code ({@link ExitCodes}). */
final class ShellCommands {
  /** The command names, for completion and errors. */
  static final List<String> NAMES =
      List.of("agents", "paths", "request", "push", "wait", "timeout", "help", "quit");

  /** The {@code -h}/{@code --help} option of every command. */
  static final class Help {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
  }

  private final Session session;

  ShellCommands(Session session) {
    this.session = session;
  }

  @Command(name = "agents",
      description = "Lists the live agents: the broker node each is connected to, status, tags,"
          + " paths and how long since their last ping.")
  int agents(@Mixin Help help,
      @Option(names = {"-c", "--counters"},
          description = "Show instead each agent's ping interval and what it has counted"
              + " (requests, failed, rejected, ...), as of its last ping.") boolean counters)
      throws InterruptedException {
    List<AgentInfo> agents = session.agents();
    if (agents.isEmpty()) {
      session.out().println("no agents (none answered this mapper's call to register)");
      return ExitCodes.OK;
    }
    (counters ? AgentTable.counters(agents) : AgentTable.format(agents, Instant.now()))
        .forEach(session.out()::println);
    session.out().println(agents.size() == 1 ? "1 agent" : agents.size() + " agents");
    return ExitCodes.OK;
  }

  @Command(name = "paths",
      description = "Lists every path served, with how many agents serve it and its"
          + " parameters and result.")
  int paths(@Mixin Help help) throws InterruptedException {
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (AgentInfo agent : session.agents()) {
      agent.services().keySet().forEach(path -> counts.merge(path, 1, Integer::sum));
    }
    if (counts.isEmpty()) {
      session.out().println("no paths yet");
      return ExitCodes.OK;
    }
    int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
    counts.forEach((path, count) -> {
      Optional<PathSchema> schema = session.mapper().schema(path);
      String signature = schema.map(s -> JsonMessages.signature(s.requestType()) + " -> "
          + result(s)).orElse("(no schema advertised)");
      session.out().println(path + " ".repeat(width - path.length()) + "  "
          + (count == 1 ? "1 agent " : count + " agents") + "  " + signature);
    });
    return ExitCodes.OK;
  }

  private static String result(PathSchema schema) {
    var fields = schema.responseType().getFields();
    return fields.isEmpty() ? "void" : fields.size() == 1
        ? JsonMessages.typeName(fields.get(0)) : schema.responseType().getName();
  }

  @Command(name = "request",
      description = {"Calls PATH and prints each agent's reply as JSON.",
          "ARGS is JSON: an object by parameter name ({\"filter\": \"1\"}), an array by"
              + " position ([\"1\"]), or one value for a method with one parameter."})
  int request(
      @Mixin Help help,
      @Parameters(index = "0", paramLabel = "PATH", description = "Such as /mock/list.")
          String path,
      @Parameters(index = "1", arity = "0..1", paramLabel = "ARGS",
          description = "The arguments as JSON; none by default.") String json,
      @Option(names = {"-s", "--selector"}, paramLabel = "SELECTOR",
          description = "least_loaded (default), random, round_robin, all, target:<identity>.")
          String selector,
      @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = Durations.class,
          description = "The deadline (default: the session's, see timeout).") Duration timeout,
      @Option(names = "--tags", paramLabel = "TAG", split = ",",
          description = "Only agents with all these tags.") List<String> tags,
      @Option(names = "--agents", paramLabel = "N", defaultValue = "1",
          description = "First wait (up to the mapper's --wait) until N agents serve PATH:"
              + " for -s all in a script, from a mapper that just started.") int agents) {
    Selector chosen = Selectors.parse(selector);
    List<AgentReply> replies;
    try {
      replies = session.caller().request(path, json, chosen, options(timeout, tags), agents);
    } catch (CallException e) {
      return failed(e);
    }
    replies.forEach(reply -> session.out().println(reply.describe()));
    return exitCode(replies);
  }

  /** A failed call if an agent answered with an error or was lost, else a timeout if any. */
  static int exitCode(List<AgentReply> replies) {
    if (replies.stream().anyMatch(r -> r.outcome() == AgentReply.Outcome.ERROR
        || r.outcome() == AgentReply.Outcome.LOST)) {
      return ExitCodes.CALL_FAILED;
    }
    return replies.stream().anyMatch(r -> r.outcome() == AgentReply.Outcome.TIMEOUT)
        ? ExitCodes.TIMEOUT : ExitCodes.OK;
  }

  @Command(name = "push",
      description = "Sends PATH a request without waiting for a result (fire and forget).")
  int push(
      @Mixin Help help,
      @Parameters(index = "0", paramLabel = "PATH") String path,
      @Parameters(index = "1", arity = "0..1", paramLabel = "ARGS",
          description = "The arguments as JSON, as for request.") String json,
      @Option(names = {"-s", "--selector"}, paramLabel = "SELECTOR",
          description = "least_loaded (default), random, round_robin, all, target:<identity>.")
          String selector,
      @Option(names = "--tags", paramLabel = "TAG", split = ",",
          description = "Only agents with all these tags.") List<String> tags,
      @Option(names = "--agents", paramLabel = "N", defaultValue = "1",
          description = "First wait until N agents serve PATH, as for request.") int agents) {
    Selector chosen = Selectors.parse(selector);
    try {
      session.caller().push(path, json, chosen, options(null, tags), agents);
    } catch (CallException e) {
      return failed(e);
    }
    session.out().println("pushed " + path + " to " + chosen);
    return ExitCodes.OK;
  }

  @Command(name = "wait",
      description = "Waits until exactly COUNT agents serve PATH: to see agents join or leave.")
  int await(
      @Mixin Help help,
      @Parameters(index = "0", paramLabel = "PATH") String path,
      @Parameters(index = "1", arity = "0..1", paramLabel = "COUNT", defaultValue = "1",
          description = "How many agents (default 1); 0 waits until none does.") int count,
      @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = Durations.class,
          description = "How long to wait (default: the session's timeout).") Duration timeout) {
    Duration limit = timeout != null ? timeout : session.timeout();
    long deadline = System.nanoTime() + limit.toNanos();
    long serving = serving(path);
    while (serving != count && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the registry has no change feed
      serving = serving(path);
    }
    if (serving != count) {
      session.err().println("error: after " + Durations.format(limit) + ", " + serving
          + " agent(s) serve " + path + ", not " + count);
      return ExitCodes.TIMEOUT;
    }
    session.out().println((count == 1 ? "1 agent serves " : count + " agents serve ") + path);
    return ExitCodes.OK;
  }

  private long serving(String path) {
    return session.mapper().agents().stream().filter(agent -> agent.serves(path)).count();
  }

  @Command(name = "timeout",
      description = "Shows the deadline of calls, or sets it: timeout 5s.")
  int timeout(@Mixin Help help, @Parameters(arity = "0..1", paramLabel = "DURATION", converter = Durations.class)
      Duration timeout) {
    if (timeout != null) {
      session.timeout(timeout);
    }
    session.out().println("timeout " + Durations.format(session.timeout()));
    return ExitCodes.OK;
  }

  @Command(name = "quit", aliases = "exit",
      description = "Leaves the shell (so does Ctrl-D).")
  int quit(@Mixin Help help) {
    session.quit(true);
    return ExitCodes.OK;
  }

  private CallOptions options(Duration timeout, List<String> tags) {
    CallOptions options = CallOptions.DEFAULT.withTimeout(timeout != null ? timeout
        : session.timeout());
    return tags == null || tags.isEmpty() ? options
        : options.withTags(tags.toArray(String[]::new));
  }

  private int failed(CallException e) {
    session.err().println("error: " + e.getMessage());
    return switch (e.kind()) {
      case USAGE -> ExitCodes.USAGE;
      case NO_AGENT -> ExitCodes.NO_AGENT;
      case UNAVAILABLE -> ExitCodes.UNAVAILABLE;
      case FAILED -> ExitCodes.CALL_FAILED;
    };
  }
}
