package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nanite.AgentLostException;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.Futures;
import dev.nanite.it.support.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's failure row "the broker restarts or the connection drops", cell by cell, for the
 * connection of one mapper: it reaches the broker through a {@link TcpProxy} that the test
 * cuts, while the agent (in its own JVM) keeps its own connection. The whole broker restarted
 * under load is {@code chaos.EmbeddedBrokerRestartTest} and {@code chaos.RabbitNodeRestartTest}.
 */
class ConnectionDropTest {
  private static Cluster cluster;
  private static TcpProxy network;
  private static Mapper mapper;
  private static WorkClient work;
  private static Path journal;
  private static String agent;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new Cluster();
    journal = cluster.dir().resolve("journal");
    network = TcpProxy.to(cluster.uri());
    agent = cluster.agent("steady", 0, "--ping", "1000", "--journal", journal.toString())
        .identity();
    // Not cluster.mapper(...), which would connect it to the broker itself.
    mapper = Mapper.builder().uri(network.uri()).start();
    work = new WorkClient(mapper);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    mapper.close();
    cluster.close();
    network.close();
  }

  @BeforeEach
  void connected() {
    network.restore();
    awaitServing();
  }

  @AfterEach
  void reconnect() {
    network.restore();
  }

  /** Waits until a call through the mapper gets an answer: connected, and the agent known. */
  private static void awaitServing() {
    Await.until("the mapper serves calls", Duration.ofSeconds(20), () -> {
      try {
        work.whoami(Selector.target(agent), cluster.options().withTimeout(Duration.ofSeconds(2)))
            .get(5, TimeUnit.SECONDS);
        return true;
      } catch (Exception e) {
        return false;
      }
    });
  }

  /** Cuts the mapper's connection and waits until the mapper has noticed (it tries again). */
  private static void cutAndAwaitNoticed() {
    int before = network.turnedAway();
    network.cut();
    Await.until("the mapper tries to reconnect", Duration.ofSeconds(10),
        () -> network.turnedAway() > before);
  }

  private static void awaitStarted(String kind, String id) {
    Await.until(agent + " starts " + kind + " " + id, Duration.ofSeconds(10),
        () -> !Journal.agents(journal, kind, id).isEmpty());
  }

  @Test
  void brokerConnectionDrops_inFlight_idempotentSentAgainAfterTheReconnect() throws Exception {
    CompletableFuture<String> call = work.twice("in-flight-twice", 1_000, Selector.target(agent),
        cluster.options().withTimeout(Duration.ofSeconds(30)));
    awaitStarted("twice", "in-flight-twice");
    cutAndAwaitNoticed();
    assertFalse(call.isDone(), "it waits for the connection: " + call);
    network.restore();

    assertEquals(agent, Futures.value("an idempotent call in flight when the connection dropped",
        call));
    int runs = Journal.agents(journal, "twice", "in-flight-twice").size();
    assertTrue(runs >= 1, "ran at least once: " + runs);
  }

  @Test
  void brokerConnectionDrops_inFlight_nonIdempotentFailsAgentLost() throws Exception {
    CompletableFuture<String> call = work.once("in-flight-once", 1_000, Selector.target(agent),
        cluster.options().withTimeout(Duration.ofSeconds(30)));
    awaitStarted("once", "in-flight-once");
    cutAndAwaitNoticed();

    Throwable failure = Futures.failure("a call that is not idempotent, in flight when the "
        + "connection dropped", call);
    assertInstanceOf(AgentLostException.class, failure);
    network.restore();
    awaitServing();
    assertEquals(List.of(agent), Journal.agents(journal, "once", "in-flight-once"),
        "ran once, never sent again");
  }

  @Test
  void brokerConnectionDrops_duringTheOutage_idempotentOtherAndPushFailAtOnceWithUnavailable()
      throws Exception {
    cutAndAwaitNoticed();
    CompletableFuture<String> idempotent = work.twice("outage-twice", 0, Selector.LEAST_LOADED,
        cluster.options());
    CompletableFuture<String> other = work.once("outage-once", 0, Selector.LEAST_LOADED,
        cluster.options());
    CompletableFuture<Void> push = work.push().once("outage-push", 0, Selector.LEAST_LOADED,
        cluster.options());

    assertTrue(idempotent.isDone() && other.isDone() && push.isDone(),
        "each failed before the call returned, without waiting for a deadline");
    assertInstanceOf(BrokerUnavailableException.class, Futures.failure("idempotent", idempotent));
    assertInstanceOf(BrokerUnavailableException.class, Futures.failure("not idempotent", other));
    assertInstanceOf(BrokerUnavailableException.class, Futures.failure("push", push));
  }

  @Test
  void brokerConnectionDrops_duringTheOutage_idempotentOfflineWaitsForTheReconnect()
      throws Exception {
    cutAndAwaitNoticed();
    CompletableFuture<String> call = work.twice("outage-offline", 0, Selector.LEAST_LOADED,
        cluster.options().withOffline(true).withTimeout(Duration.ofSeconds(30)));
    assertFalse(call.isDone(), "it waits for the connection: " + call);
    network.restore();

    assertEquals(agent, Futures.value("an offline call made during the outage", call));
    assertEquals(List.of(agent), Journal.agents(journal, "twice", "outage-offline"));
  }
}
