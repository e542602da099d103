package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AgentInfo;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM: the agent unregisters at once, finishes the calls it holds, then exits. */
class GracefulStopTest {
  @Test
  void deadAgentNoticed_unregisters_stoppingAgentLeavesAtOnceAndFinishesItsCalls()
      throws Exception {
    try (Cluster cluster = new Cluster()) {
      // A long ping interval: leaving dispatch quickly can only come from the unregistration.
      AgentProcess agent = cluster.agent("leaving", 0, "--ping", "10000");
      RecordingListener heard = new RecordingListener();
      List<String> unregistered = heard.unregistered();
      Mapper mapper = cluster.mapper(Mapper.builder().listener(heard));
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows the agent", Duration.ofSeconds(10),
          () -> mapper.agent(agent.identity()).isPresent());

      CompletableFuture<String> inFlight = work.slow(1_500, Selector.target(agent.identity()),
          cluster.options());
      Await.until("the call is running", Duration.ofSeconds(10),
          () -> mapper.agent(agent.identity()).map(AgentInfo::inFlight).orElse(0) == 1);
      long stopping = System.nanoTime();
      agent.stop(); // SIGTERM; returns once the process has exited
      assertEquals(agent.identity(), inFlight.get(10, TimeUnit.SECONDS),
          "the call in flight was answered before the agent exited");
      Await.until("the unregistration is heard", Duration.ofSeconds(5),
          () -> unregistered.contains(agent.identity()));
      assertTrue(mapper.agent(agent.identity()).isEmpty());
      assertTrue(System.nanoTime() - stopping < Duration.ofSeconds(10).toNanos(),
          "left well before the 20 s it would take to miss its pings");
      assertTrue(agent.output().stream().anyMatch(line -> line.startsWith("STOPPED")),
          "the agent stopped gracefully: " + agent.output());
    }
  }
}
