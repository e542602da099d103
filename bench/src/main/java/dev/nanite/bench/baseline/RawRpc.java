package dev.nanite.bench.baseline;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline a fabric call is measured against: RPC as the amqp-client tutorial does it, by
 * hand. Workers, each on its own connection, consume with manual acks and a prefetch, answer
 * to the request's reply-to queue with its correlation id, then ack. The client publishes with a
 * correlation id and a reply-to queue of its own, and completes a future per id.
 *
 * <p>With {@code fanout}, every worker has its own queue bound to a fanout exchange and a call
 * completes when all of them answered: the baseline of a call to every agent.
 */
public final class RawRpc implements AutoCloseable {
  private final List<Connection> connections = new ArrayList<>();
  private final Channel publisher;
  private final String replyQueue;
  private final String exchange;
  private final String routingKey;
  private final int replies;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final String prefix = UUID.randomUUID() + "-";

  private record Pending(CompletableFuture<byte[]> future, AtomicInteger left) {}

  public RawRpc(String uri, int workers, int prefetch, boolean fanout) throws Exception {
    this(uri, workers, prefetch, fanout, null);
  }

  /**
   * @param handoff if not null, workers answer from this executor instead of the consumer
   *     thread, as an agent runs actor calls off its connection's thread
   */
  public RawRpc(String uri, int workers, int prefetch, boolean fanout,
      java.util.concurrent.Executor handoff) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    String name = "bench.raw." + UUID.randomUUID();
    Connection client = open(factory);
    Channel setup = client.createChannel();
    if (fanout) {
      setup.exchangeDeclare(name, "fanout", false, true, null);
      exchange = name;
      routingKey = "";
    } else {
      setup.queueDeclare(name, false, false, true, null);
      exchange = "";
      routingKey = name;
    }
    for (int i = 0; i < workers; i++) {
      Channel channel = open(factory).createChannel();
      channel.basicQos(prefetch);
      String queue = name;
      if (fanout) {
        queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, name, "");
      }
      channel.basicConsume(queue, false, (tag, delivery) -> {
        if (handoff == null) {
          answer(channel, delivery);
        } else {
          handoff.execute(() -> {
            try {
              answer(channel, delivery);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        }
      }, tag -> { });
    }
    replyQueue = setup.queueDeclare().getQueue();
    setup.basicConsume(replyQueue, true, (tag, delivery) -> replied(delivery), tag -> { });
    publisher = client.createChannel();
    this.replies = fanout ? workers : 1;
  }

  private Connection open(ConnectionFactory factory) throws Exception {
    Connection connection = factory.newConnection();
    connections.add(connection);
    return connection;
  }

  private static void answer(Channel channel, Delivery delivery) throws IOException {
    AMQP.BasicProperties asked = delivery.getProperties();
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(asked.getCorrelationId()).build();
    channel.basicPublish("", asked.getReplyTo(), props, delivery.getBody());
    channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
  }

  private void replied(Delivery delivery) {
    String id = delivery.getProperties().getCorrelationId();
    Pending call = pending.get(id);
    if (call != null && call.left().decrementAndGet() == 0) {
      pending.remove(id);
      call.future().complete(delivery.getBody());
    }
  }

  /** Sends {@code body}; completes with the (last) reply. */
  public CompletableFuture<byte[]> call(byte[] body) {
    String id = prefix + ids.incrementAndGet();
    CompletableFuture<byte[]> future = new CompletableFuture<>();
    pending.put(id, new Pending(future, new AtomicInteger(replies)));
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .correlationId(id).replyTo(replyQueue).build();
    try {
      synchronized (publisher) { // a channel is not for concurrent publishing
        publisher.basicPublish(exchange, routingKey, props, body);
      }
    } catch (IOException e) {
      pending.remove(id);
      future.completeExceptionally(e);
    }
    return future;
  }

  @Override
  public void close() throws IOException {
    for (Connection connection : connections) {
      connection.close();
    }
  }
}
