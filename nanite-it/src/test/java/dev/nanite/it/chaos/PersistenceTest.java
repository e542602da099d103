package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.RequestTimeoutException;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Journal;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import dev.nanite.it.support.RabbitNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Persistent requests to an agent with a durable queue survive a broker restart: sent while
 * the agent is down, kept across the restart, run once when the agent is back. Transient ones
 * do not survive it, and end at their deadline without having run.
 */
class PersistenceTest {
  @Test
  void persistence_persistentRequestsInADurableQueue_surviveABrokerRestartAndRunOnce()
      throws Exception {
    assumeTrue(RabbitNode.available(), "RabbitMQ is not installed: no private node to restart");
    try (RabbitNode node = RabbitNode.start(); Cluster cluster = new Cluster(node.uri())) {
      Path journal = cluster.dir().resolve("journal");
      // A long ping interval keeps the killed agent registered while the calls are made.
      String[] durable = {"--durable", "true", "--ping", "5000", "--journal", journal.toString()};
      AgentProcess agent = cluster.agent("keeper", 0, durable);
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows the agent", Duration.ofSeconds(20),
          () -> mapper.agent(agent.identity()).isPresent());
      agent.kill(); // its durable queue stays, with whatever is sent to it
      // The broker notices the dead connection a moment after the kill; a request sent before
      // it does is delivered to the dead consumer and comes back marked redelivered.
      Await.until("the broker dropped the killed agent's consumer", Duration.ofSeconds(20),
          () -> consumers(node.uri(), agent.identity()) == 0);

      CallOptions persistent = cluster.options().withPersistent(true)
          .withTimeout(Duration.ofSeconds(90));
      CallOptions transientCall = cluster.options().withPersistent(false)
          .withTimeout(Duration.ofSeconds(25));
      List<CompletableFuture<String>> kept = new ArrayList<>();
      List<CompletableFuture<String>> dropped = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        kept.add(work.once("kept-" + i, 0, Selector.target(agent.identity()), persistent));
        dropped.add(work.once("dropped-" + i, 0, Selector.target(agent.identity()), transientCall));
      }

      node.stop();
      node.restart();
      AgentProcess back = cluster.agent("keeper", 0, durable);

      try {
        for (CompletableFuture<String> call : kept) {
          assertEquals(back.identity(), call.get(60, TimeUnit.SECONDS));
        }
      } catch (Exception | AssertionError e) {
        System.out.println("agent after the restart printed: " + back.output()
            + "\nmapper: " + mapper.counters() + " " + mapper.agents());
        throw e;
      }
      for (CompletableFuture<String> call : dropped) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
        assertInstanceOf(RequestTimeoutException.class, e.getCause());
      }
      Map<String, Integer> runs = Journal.runs(journal);
      for (int i = 0; i < 10; i++) {
        assertEquals(1, runs.getOrDefault("once kept-" + i, 0), "kept-" + i + " ran once");
        assertEquals(0, runs.getOrDefault("once dropped-" + i, 0), "dropped-" + i + " never ran");
      }
      System.out.println("persistence across a RabbitMQ restart: " + mapper.counters());
    }
  }

  private static long consumers(String uri, String queue) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
      try (Connection connection = factory.newConnection();
          Channel channel = connection.createChannel()) {
        return channel.queueDeclarePassive(queue).getConsumerCount();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not look at queue " + queue, e);
    }
  }
}
