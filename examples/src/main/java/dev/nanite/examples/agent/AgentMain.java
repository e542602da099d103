package dev.nanite.examples.agent;

import dev.nanite.Agent;
import java.time.Duration;
import java.util.Map;

/**
 * An agent daemon hosting the seed's actors, {@code /mock/list} and {@code /foo/bar}.
 *
 * <pre>
 * java ... dev.nanite.examples.agent.AgentMain --identity agent-1 [--uri amqp://...]
 *     [--ping 15000] [--status 0.5] [--tags eu,gpu]
 * </pre>
 *
 * <p>The broker is {@code --uri}, else {@code $NANITE_AMQP_URI}, else a local RabbitMQ. Without
 * {@code --status} the agent reports the system load average. Stops gracefully on SIGTERM.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = Options.parse(args);
    Agent.Builder builder = Agent.builder()
        .uri(Options.uri(options))
        .pingInterval(Duration.ofMillis(Long.parseLong(options.getOrDefault("ping", "15000"))))
        .actor(new Mock());
    String identity = options.get("identity");
    if (identity != null) {
      builder.identity(identity);
    }
    if (options.containsKey("status")) {
      double status = Double.parseDouble(options.get("status"));
      builder.status(() -> status);
    }
    if (options.containsKey("tags")) {
      builder.tags(options.get("tags").split(","));
    }
    // FooActor names its agent in its answers, so the demo can show who answered.
    Agent agent = builder.actor(new FooActor(identity == null ? "an agent" : identity)).start();
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "agent-stop"));
    System.out.println("READY " + agent.identity() + " serving " + agent.paths());
    Thread.currentThread().join();
  }
}
