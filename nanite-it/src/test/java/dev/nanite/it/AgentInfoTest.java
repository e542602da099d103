package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AgentInfo;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a mapper shows of an agent in another JVM: its ping interval and its counters. */
class AgentInfoTest {
  private static final Duration PING = Duration.ofMillis(300);

  @Test
  void theMapperKnowsHowOftenTheAgentPings() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String agent = cluster.agent("pinger", 0, "--ping", Long.toString(PING.toMillis()))
          .identity();
      Mapper mapper = cluster.mapper();
      AgentInfo info = Await.value("the mapper knows the agent", Duration.ofSeconds(10),
          () -> mapper.agent(agent).orElse(null));
      assertEquals(PING, info.pingInterval());
    }
  }

  @Test
  void theAgentsCountersReachTheMapperWithItsPings() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String agent = cluster.agent("counted", 0, "--ping", Long.toString(PING.toMillis()))
          .identity();
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Map<String, Long> before = Await.value("the mapper has the agent's counters",
          Duration.ofSeconds(10), () -> mapper.agent(agent).map(AgentInfo::counters)
              .filter(counters -> !counters.isEmpty()).orElse(null));
      assertTrue(before.keySet().containsAll(java.util.List.of("requests", "failed", "rejected",
          "expired", "pings", "unrouted", "undelivered", "uncaught")), before.toString());
      assertEquals(0L, before.get("uncaught"));

      CompletableFuture<?>[] calls = new CompletableFuture<?>[5];
      for (int i = 0; i < calls.length; i++) {
        calls[i] = work.whoami(Selector.target(agent), cluster.options());
      }
      CompletableFuture.allOf(calls).get(10, TimeUnit.SECONDS);
      long requests = before.get("requests");
      Await.until("the mapper sees the agent's requests counter grow by the 5 calls",
          Duration.ofSeconds(10), () -> mapper.agent(agent).orElseThrow().counters()
              .get("requests") >= requests + calls.length);
      long pings = before.get("pings");
      Await.until("and its pings counter", Duration.ofSeconds(10),
          () -> mapper.agent(agent).orElseThrow().counters().get("pings") > pings);
    }
  }
}
