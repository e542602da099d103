package dev.nanite.it.support;

import dev.nanite.Agent;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.Mock;
import dev.nanite.it.fixtures.WorkActor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An agent in its own JVM, as the tests start them:
 * {@code --uri U --identity I --ping MILLIS --status X|--status-file F --tags a,b --prefetch N
 * --durable true|false --quorum true|false --journal FILE}.
 * Prints {@code READY <identity>} once serving; stops gracefully on SIGTERM.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String identity = options.get("identity");
    Agent.Builder builder = Agent.builder()
        .uri(options.get("uri"))
        .identity(identity)
        .pingInterval(Duration.ofMillis(Long.parseLong(options.getOrDefault("ping", "500"))))
        .prefetch(Integer.parseInt(options.getOrDefault("prefetch", "64")))
        .durableQueue(Boolean.parseBoolean(options.getOrDefault("durable", "false")))
        .quorumQueue(Boolean.parseBoolean(options.getOrDefault("quorum", "false")))
        .actor(new WorkActor(identity, options.containsKey("journal")
            ? new Journal(Path.of(options.get("journal"))) : null))
        .actor(new Mock());
    if (options.containsKey("status-file")) {
      Path file = Path.of(options.get("status-file"));
      builder.status(() -> readStatus(file));
    } else {
      double status = Double.parseDouble(options.getOrDefault("status", "0"));
      builder.status(() -> status);
    }
    String tags = options.getOrDefault("tags", "");
    if (!tags.isEmpty()) {
      builder.tags(tags.split(","));
    }
    serve(builder.start(), identity);
  }

  /** {@code --name value} pairs, by name without its dashes. */
  public static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }

  /**
   * Says {@code READY <identity>} and serves until the JVM is killed or stopped, closing the
   * agent (and saying {@code STOPPED <identity>}) on SIGTERM.
   */
  public static void serve(Agent agent, String identity) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      System.out.println("STOPPED " + identity);
      System.out.flush();
    }));
    System.out.println("READY " + identity);
    System.out.flush();
    Thread.currentThread().join(); // serve until killed or stopped
  }

  private static double readStatus(Path file) {
    try {
      return Double.parseDouble(Files.readString(file).trim());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the status from " + file, e);
    }
  }
}
