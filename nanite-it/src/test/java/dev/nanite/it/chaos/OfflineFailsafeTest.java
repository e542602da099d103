package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The offline failsafe: calls and pushes made while no agent serves their path wait in the
 * durable offline queue and complete once an agent starts; their deadline still holds.
 */
class OfflineFailsafeTest {
  @Test
  void noAgentServesThePath_offline_callsAndPushesParkedUntilAnAgentRegisters() throws Exception {
    try (Cluster cluster = new Cluster()) {
      Mapper mapper = cluster.mapper(Mapper.builder().offlineRetry(Duration.ofMillis(200)));
      WorkClient work = new WorkClient(mapper);
      CallOptions offline = cluster.options().withOffline(true).withTimeout(Duration.ofSeconds(60));
      Path journal = cluster.dir().resolve("journal");

      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(work.whoami(Selector.LEAST_LOADED, offline));
      }
      CompletableFuture<Void> push = work.push().once("pushed-offline", 0, Selector.LEAST_LOADED,
          offline);
      CompletableFuture<String> shortDeadline = work.whoami(Selector.LEAST_LOADED,
          offline.withTimeout(Duration.ofMillis(300)));

      ExecutionException expired = assertThrows(ExecutionException.class,
          () -> shortDeadline.get(10, TimeUnit.SECONDS));
      assertInstanceOf(RequestTimeoutException.class, expired.getCause(),
          "a parked call's deadline still holds");
      push.get(10, TimeUnit.SECONDS); // parked: the broker has it
      assertFalse(calls.stream().anyMatch(CompletableFuture::isDone), "nothing answered yet");
      assertEquals(22L, mapper.counters().get("parked"), "21 calls and a push were parked");

      AgentProcess late = cluster.agent("late", 0, "--journal", journal.toString());
      for (CompletableFuture<String> call : calls) {
        assertEquals(late.identity(), call.get(30, TimeUnit.SECONDS));
      }
      Await.until("the parked push ran on the agent", Duration.ofSeconds(30),
          () -> runs(journal) == 1);
      System.out.println("offline failsafe: " + mapper.counters());
    }
  }

  private static int runs(Path journal) {
    try {
      return Journal.runs(journal).getOrDefault("once pushed-offline", 0);
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
