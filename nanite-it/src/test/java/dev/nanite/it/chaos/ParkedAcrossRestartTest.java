package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.broker.EmbeddedBroker;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Idempotent calls parked in the offline queue of a broker that keeps nothing across a restart
 * (the embedded one, in memory) are parked again once the mapper reconnects, and complete when
 * an agent starts. Before this was handled they waited for their deadline: the broker restart
 * chaos test lost a few such calls whenever agents left dispatch just before the broker died.
 */
class ParkedAcrossRestartTest {
  @Test
  void reconnection_idempotentParkedOnABrokerThatLostThem_parkedAgain() throws Exception {
    EmbeddedBroker[] broker = {EmbeddedBroker.start()};
    int port = broker[0].port();
    try (Cluster cluster = new Cluster(broker[0].uri())) {
      Mapper mapper = cluster.mapper(Mapper.builder().offlineRetry(Duration.ofMillis(200)));
      WorkClient work = new WorkClient(mapper);
      CallOptions offline = cluster.options().withOffline(true).withTimeout(Duration.ofSeconds(40));
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(work.twice("parked-" + i, 0, Selector.LEAST_LOADED, offline));
      }
      Await.until("all five are parked", Duration.ofSeconds(10),
          () -> mapper.counters().get("parked") == 5L);

      broker[0].close();
      broker[0] = EmbeddedBroker.start(port);
      Await.until("the mapper parked them again on the new broker", Duration.ofSeconds(20),
          () -> mapper.counters().get("parked") == 10L);
      AgentProcess late = cluster.agent("late", 0);
      for (CompletableFuture<String> call : calls) {
        assertEquals(late.identity(), call.get(30, TimeUnit.SECONDS));
      }
    } finally {
      broker[0].close();
    }
  }
}
