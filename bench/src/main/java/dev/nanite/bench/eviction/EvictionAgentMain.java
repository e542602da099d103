package dev.nanite.bench.eviction;

import dev.nanite.Agent;
import java.time.Duration;

/**
 * An agent in a JVM of its own, so that the scenario can SIGKILL it:
 * {@code <uri> <identity> <ping millis> <tag>}. Prints {@code READY <identity>} once serving.
 */
public final class EvictionAgentMain {
  private EvictionAgentMain() {}

  public static void main(String[] args) throws Exception {
    String identity = args[1];
    Agent agent = Agent.builder()
        .uri(args[0])
        .identity(identity)
        .pingInterval(Duration.ofMillis(Long.parseLong(args[2])))
        // The run's tag keeps other runs' calls away on a shared broker. A fixed status: the
        // scenario chooses agents with its own selector, not by load.
        .tags(args[3])
        .status(() -> 0)
        .actor(new EvicteeActor(identity))
        .start();
    System.out.println("READY " + identity);
    System.out.flush();
    // The parent holds our stdin open: end of input means it is gone (even SIGKILLed itself),
    // and an agent it cannot kill any more must not outlive it.
    while (System.in.read() != -1) {
      // nothing is ever written; we only wait for the end
    }
    agent.close();
    System.exit(0);
  }
}
