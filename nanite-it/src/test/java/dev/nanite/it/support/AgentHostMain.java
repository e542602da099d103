package dev.nanite.it.support;

import dev.nanite.Agent;
import dev.nanite.Broker;
import dev.nanite.it.fixtures.WorkActor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Many agents in one JVM, each with its own identity, connection and queue:
 * {@code <uri> <prefix> <count> <ping millis> <tag>} starts {@code prefix-0} to
 * {@code prefix-(count-1)}, four at a time, and prints {@code READY <prefix> <count>} once all
 * have started. SIGKILL of this JVM is that many agents crashing at once. It serves until its
 * standard input ends (the test JVM is gone, even SIGKILLed itself), then exits without
 * unregistering.
 */
public final class AgentHostMain {
  private AgentHostMain() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    Duration ping = Duration.ofMillis(Long.parseLong(args[3]));
    String tag = args[4];
    // One heartbeat timer for all the agents' connections instead of a thread for each.
    ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "amqp-heartbeats");
      t.setDaemon(true);
      return t;
    });
    ExecutorService starter = Executors.newFixedThreadPool(4);
    List<Future<Agent>> agents = new ArrayList<>();
    Broker broker = Broker.builder(uri)
        .connectionFactory(factory -> factory.setHeartbeatExecutor(heartbeats)).build();
    for (int i = 0; i < count; i++) {
      String identity = prefix + "-" + i;
      agents.add(starter.submit(() -> Agent.builder()
          .broker(broker)
          .identity(identity)
          .pingInterval(ping)
          .tags(tag)
          .status(() -> 0)
          .actor(new WorkActor(identity))
          .start()));
    }
    try {
      for (Future<Agent> agent : agents) {
        agent.get();
      }
    } catch (Exception e) {
      System.out.println("FAILED " + prefix + ": " + e);
      System.out.flush();
      System.exit(1);
    }
    starter.shutdown();
    System.out.println("READY " + prefix + " " + count);
    System.out.flush();
    while (System.in.read() != -1) {
      // nothing is ever written; we only wait for the end
    }
    System.exit(0);
  }
}
