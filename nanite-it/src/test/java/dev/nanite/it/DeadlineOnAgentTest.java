package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nanite.Mapper;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * At a call's deadline the agent interrupts the actor still running it: a method that blocks
 * interruptibly stops there instead of holding its thread, and its request slot, to the end.
 */
class DeadlineOnAgentTest {
  @Test
  void agentIsSlow_actorBlockedPastItsDeadline_isInterruptedAndItsSlotFreed() throws Exception {
    try (Cluster cluster = new Cluster()) {
      // One request at a time: a call held to the end would keep the next one waiting.
      String agent = cluster.agent("one-slot", 0, "--ping", "300", "--prefetch", "1").identity();
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows the agent", Duration.ofSeconds(10),
          () -> mapper.agent(agent).isPresent());

      ExecutionException late = assertThrows(ExecutionException.class,
          () -> work.slow(60_000, Selector.target(agent),
              cluster.options().withTimeout(Duration.ofMillis(500))).get(10, TimeUnit.SECONDS));
      assertInstanceOf(RequestTimeoutException.class, late.getCause());

      // Without the interrupt, this waits behind a minute of sleep and times out.
      long start = System.nanoTime();
      assertEquals(agent, work.whoami(Selector.target(agent),
          cluster.options().withTimeout(Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS));
      System.out.printf("the next call was answered %d ms after the first one's deadline%n",
          (System.nanoTime() - start) / 1_000_000);
    }
  }
}
