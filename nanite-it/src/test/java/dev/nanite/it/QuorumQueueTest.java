package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.nanite.Agent;
import dev.nanite.BrokerUnavailableException;
import dev.nanite.CallOptions;
import dev.nanite.Mapper;
import dev.nanite.Selector;
import dev.nanite.it.fixtures.Mock;
import dev.nanite.it.fixtures.MockClient;
import dev.nanite.it.support.Brokers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An agent whose queue is a quorum queue serves persistent calls, and the broker holds its
 * queue as one: RabbitMQ refuses to declare it again as a classic queue, and an agent that
 * would do so fails to start, saying why.
 */
class QuorumQueueTest {
  @Test
  void quorumQueue_servesPersistentCalls_andIsDeclaredAsOne() throws Exception {
    String identity = "quorum-" + UUID.randomUUID().toString().substring(0, 8);
    try (Agent agent = Agent.builder().uri(Brokers.uri()).identity(identity)
            .quorumQueue(true).actor(new Mock()).start();
        Mapper mapper = Mapper.builder().uri(Brokers.uri()).start()) {
      MockClient mock = new MockClient(mapper);
      List<Integer> listed = mock.list("2", Selector.LEAST_LOADED,
          CallOptions.DEFAULT.withPersistent(true)).get(30, TimeUnit.SECONDS);
      assertEquals(List.of(2), listed);
      assertEquals(identity, mapper.agent(identity).orElseThrow().identity());
      if (Brokers.isRabbitMq()) {
        IOException refused = assertThrows(IOException.class, () -> declareClassic(identity));
        assertTrue(String.valueOf(refused.getCause()).contains("x-queue-type"),
            String.valueOf(refused.getCause()));
        BrokerUnavailableException clash = assertThrows(BrokerUnavailableException.class,
            () -> Agent.builder().uri(Brokers.uri()).identity(identity).durableQueue(true)
                .actor(new Mock()).start().close());
        assertTrue(clash.getMessage().contains("the broker refused a declaration"),
            clash.getMessage());
      }
    } finally {
      delete(identity);
    }
  }

  private static void declareClassic(String queue) throws Exception {
    try (Connection connection = connect(); Channel channel = connection.createChannel()) {
      channel.queueDeclare(queue, true, false, false, Map.of());
    }
  }

  /** Deletes the agent's durable queue, which outlives it; the embedded broker has none left. */
  private static void delete(String queue) throws Exception {
    try (Connection connection = connect()) {
      connection.createChannel().queueDelete(queue);
    } catch (IOException e) {
      // already gone
    }
  }

  private static Connection connect() throws Exception {
    return Brokers.connect();
  }
}
