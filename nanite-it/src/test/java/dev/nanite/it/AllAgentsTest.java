package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.nanite.Agent;
import dev.nanite.AgentLostException;
import dev.nanite.Mapper;
import dev.nanite.Replies;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.CallToAll;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Request;
import dev.nanite.it.fixtures.WorkActor;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.AgentProcess;
import dev.nanite.it.support.Agents;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A call to all agents goes out as one message (RabbitMQ: BCC on the default exchange; elsewhere
 * the {@code nanite.all} headers exchange), addressed to exactly the agents selected, who answer
 * it under its one token; an agent that cannot be reached that way still gets
 * its own message, and an agent that died is reported lost, not left to the deadline.
 */
class AllAgentsTest {
  @Test
  void oneMessageCarriesEverySelectedAgentsToken() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String a = cluster.agent("a", 0, "--tags", "picked").identity();
      String b = cluster.agent("b", 0, "--tags", "picked").identity();
      String other = cluster.agent("other", 0).identity();
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows all three", Duration.ofSeconds(20),
          () -> Agents.known(mapper, List.of(a, b, other)).size() == 3);

      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(cluster.uri());
      try (Connection connection = factory.newConnection("all-spy")) {
        Replies<String> replies = work.whoami(Selector.ALL,
            cluster.options().withTags(cluster.tag(), "picked")).get(10, TimeUnit.SECONDS);
        assertEquals(Map.of(a, a, b, b), replies.values(), "only the agents with the tag");
        assertEquals(1L, mapper.counters().get("allAsOne"), "sent as one message");
        if (CallToAll.routesByBcc(connection)) {
          return; // RabbitMQ: the default exchange and BCC, which the broker strips
        }
        // Elsewhere: a spy bound under a's header gets a copy of what nanite.all routes to a.
        Channel channel = connection.createChannel();
        String spy = channel.queueDeclare().getQueue();
        channel.queueBind(spy, CallToAll.EXCHANGE, "",
            Map.of("x-match", "any", CallToAll.header(a), true));
        assertEquals(Map.of(a, a, b, b), work.whoami(Selector.ALL,
            cluster.options().withTags(cluster.tag(), "picked")).get(10, TimeUnit.SECONDS)
            .values());

        AtomicReference<GetResponse> seen = new AtomicReference<>();
        Await.until("the spy got the message", Duration.ofSeconds(10), () -> {
          try {
            seen.set(channel.basicGet(spy, true));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return seen.get() != null;
        });
        assertEquals(Set.of(CallToAll.header(a), CallToAll.header(b)),
            seen.get().getProps().getHeaders().keySet(),
            "one message, addressed to each selected agent and to no other");
        Request request = Packet.parseFrom(seen.get().getBody()).getRequest();
        assertEquals("/work/whoami", request.getPath());
        assertTrue(!request.getToken().isEmpty(), "the call's token, which every part shares");
      }
    }
  }

  @Test
  void anAgentOutsideTheExchangeGetsItsOwnMessage() throws Exception {
    try (Cluster cluster = new Cluster()) {
      String a = cluster.agent("a", 0).identity();
      // The longest queue name there is: "@" and the name do not fit in a header key, so this
      // agent is not bound to nanite.all and says so when it registers.
      String longest = ("long-" + cluster.tag() + "-").repeat(20).substring(0, 255);
      try (Agent outside = Agent.builder().uri(cluster.uri()).identity(longest)
          .tags(cluster.tag()).pingInterval(Duration.ofMillis(300))
          .actor(new WorkActor(longest)).start()) {
        Mapper mapper = cluster.mapper();
        WorkClient work = new WorkClient(mapper);
        Await.until("the mapper knows both", Duration.ofSeconds(20),
            () -> Agents.known(mapper, List.of(a, longest)).size() == 2);

        Replies<String> replies = work.whoami(Selector.ALL, cluster.options())
            .get(10, TimeUnit.SECONDS);
        assertEquals(Map.of(a, a, longest, longest), replies.values(), () -> "replies "
            + replies + ", failures " + replies.failures() + ", mapper " + mapper.counters()
            + ", agent " + outside.counters());
        // RabbitMQ needs no binding, so there even this agent shares the one message.
        assertEquals(isRabbit(cluster) ? 1L : 0L, mapper.counters().get("allAsOne"));
      }
    }
  }

  @Test
  void aPushToAllRunsOnceOnEveryAgent() throws Exception {
    try (Cluster cluster = new Cluster()) {
      java.nio.file.Path journal = cluster.dir().resolve("journal");
      String a = cluster.agent("a", 0, "--journal", journal.toString()).identity();
      String b = cluster.agent("b", 0, "--journal", journal.toString()).identity();
      String c = cluster.agent("c", 0, "--journal", journal.toString()).identity();
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows all three", Duration.ofSeconds(20),
          () -> Agents.known(mapper, List.of(a, b, c)).size() == 3);

      work.push().once("to-all", 0, Selector.ALL, cluster.options()).get(10, TimeUnit.SECONDS);
      assertEquals(1L, mapper.counters().get("allAsOne"), "pushed as one message");
      Await.until("every agent ran it", Duration.ofSeconds(10),
          () -> runs(journal).getOrDefault("once to-all", 0) == 3);
      assertEquals(Map.of(a, 1, b, 1, c, 1), ranBy(journal, "to-all"), "once each");
    }
  }

  private static Map<String, Integer> runs(java.nio.file.Path journal) {
    try {
      return dev.nanite.it.fixtures.Journal.runs(journal);
    } catch (java.io.IOException e) {
      return Map.of();
    }
  }

  /** Which agents ran {@code once id}, and how often (a journal line is "kind id agent"). */
  private static Map<String, Integer> ranBy(java.nio.file.Path journal, String id)
      throws java.io.IOException {
    Map<String, Integer> by = new java.util.TreeMap<>();
    for (String line : java.nio.file.Files.readAllLines(journal)) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[0].equals("once") && parts[1].equals(id)) {
        by.merge(parts[2], 1, Integer::sum);
      }
    }
    return by;
  }

  private static boolean isRabbit(Cluster cluster) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(cluster.uri());
    try (Connection connection = factory.newConnection("broker-kind")) {
      return CallToAll.routesByBcc(connection);
    }
  }

  @Test
  void aKilledAgentsPartIsLostBeforeTheDeadline() throws Exception {
    try (Cluster cluster = new Cluster()) {
      // A long ping interval keeps the killed agent in dispatch while the call is made.
      String a = cluster.agent("a", 0, "--ping", "10000").identity();
      AgentProcess victim = cluster.agent("victim", 0, "--ping", "10000");
      Mapper mapper = cluster.mapper();
      WorkClient work = new WorkClient(mapper);
      Await.until("the mapper knows both", Duration.ofSeconds(20),
          () -> Agents.known(mapper, List.of(a, victim.identity())).size() == 2);
      victim.kill();

      long start = System.nanoTime();
      Replies<String> replies = work.whoami(Selector.ALL,
          cluster.options().withTimeout(Duration.ofSeconds(20))).get(30, TimeUnit.SECONDS);
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Map.of(a, a), replies.values());
      assertInstanceOf(AgentLostException.class, replies.failures().get(victim.identity()),
          "the victim's part: " + replies);
      assertTrue(tookMillis < 10_000, "settled by the probe, not the deadline: " + tookMillis);
    }
  }
}
