package dev.nanite.it.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.nanite.Agent;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.internal.amqp.Topology;
import dev.nanite.it.fixtures.Mock;
import dev.nanite.it.fixtures.WorkActor;
import dev.nanite.it.fixtures.WorkClient;
import dev.nanite.it.support.Await;
import dev.nanite.it.support.Brokers;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 120,000 random and mutated packets at an agent's queue, a mapper's inbox (through both
 * fanouts) and its reply queue, plus payloads over the size limit: nothing escapes into
 * amqp-client, both keep answering, and what they refused is counted.
 */
class FuzzTest {
  private static final int MESSAGES = 120_000;

  @Test
  void garbageIsRefusedCountedAndSurvived() throws Exception {
    String uri = Brokers.uri();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String identity = "fuzzed-" + run;
    long seed = System.nanoTime();
    // The agent reports this as its status, so a ping sent after the flood is recognisable.
    AtomicReference<Double> status = new AtomicReference<>(0.0);
    try (Agent agent = Agent.builder().uri(uri).identity(identity).tags(run)
            .pingInterval(Duration.ofMillis(500)).maxPacketBytes(64 * 1024)
            .status(() -> status.get())
            .actor(new WorkActor(identity)).actor(new Mock()).start();
         Mapper mapper = Mapper.builder().uri(uri).maxPacketBytes(64 * 1024).start()) {
      WorkClient work = new WorkClient(mapper);
      CallOptions options = CallOptions.DEFAULT.withTags(run).withTimeout(Duration.ofSeconds(20));
      Await.until("the mapper knows the agent", Duration.ofSeconds(10),
          () -> mapper.agent(identity).isPresent());

      PacketFuzzer fuzzer = new PacketFuzzer(seed, Topology.mapperReplies(mapper.identity()));
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri);
      try (Connection connection = factory.newConnection("fuzzer")) {
        Channel channel = connection.createChannel();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
            .replyTo(Topology.mapperReplies(mapper.identity())).correlationId("fuzz").build();
        for (int i = 0; i < MESSAGES; i++) {
          byte[] body = fuzzer.next();
          switch (i % 4) {
            case 0, 1 -> channel.basicPublish("", identity, props, body);
            case 2 -> channel.basicPublish(i % 8 == 2 ? Topology.HEARTBEAT : Topology.REGISTRATION,
                "", props, body);
            default -> channel.basicPublish("", Topology.mapperReplies(mapper.identity()), props,
                body);
          }
        }
        byte[] oversize = new byte[100 * 1024];
        for (int i = 0; i < 10; i++) {
          channel.basicPublish("", identity, props, oversize);
          channel.basicPublish("", Topology.mapperReplies(mapper.identity()), props, oversize);
        }
      }

      // Pings queue behind the garbage in the mapper's inbox, so the mapper may evict the agent
      // while it works through the flood (on a loaded machine), and take it back at a later
      // ping. Only once it has heard a ping sent after the flood is its registry settled: the
      // inbox is first in, first out, so that ping came after every piece of garbage.
      status.set(1.0);
      Await.until("the mapper hears a ping sent after the flood", Duration.ofSeconds(60),
          () -> mapper.agent(identity).map(info -> info.status() == 1.0).orElse(false));
      // Still answering: a real call goes through the same queues after all of that.
      for (int i = 0; i < 5; i++) {
        assertEquals(identity, work.whoami(Selector.target(identity), options)
            .get(60, TimeUnit.SECONDS));
      }
      Map<String, Long> agentCounters = agent.counters();
      Map<String, Long> mapperCounters = mapper.counters();
      System.out.printf("fuzz (seed %d): %d messages; agent %s; mapper %s%n", seed, MESSAGES,
          agentCounters, mapperCounters);
      assertEquals(0L, agentCounters.get("uncaught"), "nothing escaped into amqp-client");
      assertEquals(0L, mapperCounters.get("uncaught"), "nothing escaped into amqp-client");
      assertTrue(agentCounters.get("rejected") > 10_000, "the agent counted what it refused");
      assertTrue(mapperCounters.get("rejected") > 10_000, "the mapper counted what it refused");
    }
  }
}
