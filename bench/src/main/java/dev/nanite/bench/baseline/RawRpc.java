package dev.nanite.bench.baseline;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The baseline a fabric call is measured against: RPC as the amqp-client tutorial does it, by
 * hand. Workers, each on its own connection, consume with manual acks and a prefetch, answer
 * to the request's reply-to queue with its correlation id, then ack. The client publishes with a
 * correlation id and a reply-to queue of its own, and completes a future per id.
 *
 * <p>Every {@link Routing} but {@link Routing#SHARED_QUEUE} gives each worker a queue of its own
 * and completes a call when all of them answered: the baseline of a call to every agent.
 *
 * <p>With a {@link SameWire}, requests and replies carry as many bytes as a fabric call's and
 * the per-message options a fabric call sets, to show what of a difference is the broker's work
 * for those rather than the fabric's own.
 */
public final class RawRpc implements AutoCloseable {
  /** How one call reaches the workers. */
  public enum Routing {
    /** One queue that every worker consumes from: each call goes to one of them. */
    SHARED_QUEUE,
    /** A fanout exchange that every worker's queue is bound to. */
    FANOUT,
    /**
     * Addressed to the chosen queues by name, as a fabric call to all is (it goes to the agents
     * the mapper selected, not to whatever is bound): RabbitMQ's {@code BCC} header on the
     * default exchange; on other brokers, a headers exchange with one binding per queue.
     */
    ADDRESSED
  }

  private final List<Connection> connections = new ArrayList<>();
  private final Channel publisher;
  private final String replyQueue;
  private final String exchange;
  private final String routingKey;
  /** The headers that address every worker's queue ({@link Routing#ADDRESSED}), or null. */
  private final Map<String, Object> headers;
  private final int replies;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final String prefix = UUID.randomUUID() + "-";

  private record Pending(CompletableFuture<byte[]> future, AtomicInteger left) {}

  /**
   * What a fabric call puts on the wire, for a baseline that does the same: requests of {@code
   * requestBytes} (body and property values) published mandatory, transient and expiring with a
   * 30-second deadline (relative on RabbitMQ, absolute elsewhere, as the runtime sets it), and
   * replies of {@code replyBytes} published mandatory from a second channel, as an agent answers
   * from its publishing channels.
   */
  public record SameWire(int requestBytes, int replyBytes) {}

  /** Null for the plain RPC; else what every message carries. */
  private final SameWire wire;
  private final boolean rabbit;

  public RawRpc(String uri, int workers, int prefetch, Routing routing) throws Exception {
    this(uri, workers, prefetch, routing, null);
  }

  /**
   * @param handoff if not null, workers answer from this executor instead of the consumer
   *     thread, as an agent runs actor calls off its connection's thread
   */
  public RawRpc(String uri, int workers, int prefetch, Routing routing,
      java.util.concurrent.Executor handoff) throws Exception {
    this(uri, workers, prefetch, routing, handoff, null);
  }

  /**
   * @param handoff as above, or null
   * @param wire if not null, the bytes and options of a fabric call to carry instead of the
   *     plain RPC's
   */
  public RawRpc(String uri, int workers, int prefetch, Routing routing,
      java.util.concurrent.Executor handoff, SameWire wire) throws Exception {
    this.wire = wire;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    String name = "bench.raw." + UUID.randomUUID();
    Connection client = open(factory);
    rabbit = Broker.isRabbitMq(client);
    boolean bcc = rabbit; // RabbitMQ routes by the BCC header; elsewhere, a headers exchange
    Channel setup = client.createChannel();
    switch (routing) {
      case SHARED_QUEUE -> setup.queueDeclare(name, false, false, true, null);
      case FANOUT -> setup.exchangeDeclare(name, "fanout", false, true, null);
      case ADDRESSED -> {
        if (!bcc) {
          setup.exchangeDeclare(name, "headers", false, true, null);
        }
      }
    }
    List<String> queues = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Connection worker = open(factory);
      Channel channel = worker.createChannel();
      channel.basicQos(prefetch);
      Channel replies = wire == null ? channel : worker.createChannel();
      String queue = name;
      if (routing != Routing.SHARED_QUEUE) {
        queue = channel.queueDeclare().getQueue();
        queues.add(queue);
        if (routing == Routing.FANOUT) {
          channel.queueBind(queue, name, "");
        } else if (!bcc) {
          channel.queueBind(queue, name, "", Map.of("x-match", "any", queue, true));
        }
      }
      channel.basicConsume(queue, false, (tag, delivery) -> {
        if (handoff == null) {
          answer(channel, replies, delivery);
        } else {
          handoff.execute(() -> {
            try {
              answer(channel, replies, delivery);
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
    this.replies = routing == Routing.SHARED_QUEUE ? 1 : workers;
    if (routing == Routing.SHARED_QUEUE) {
      exchange = "";
      routingKey = name;
      headers = null;
    } else if (routing == Routing.FANOUT) {
      exchange = name;
      routingKey = "";
      headers = null;
    } else if (bcc) { // the first queue is the routing key, BCC names the others
      exchange = "";
      routingKey = queues.get(0);
      headers = Map.of("BCC", List.copyOf(queues.subList(1, queues.size())));
    } else { // one header per queue, each matching that queue's binding
      exchange = name;
      routingKey = "";
      headers = queues.stream().collect(Collectors.toMap(queue -> queue, queue -> true));
    }
  }

  private Connection open(ConnectionFactory factory) throws Exception {
    Connection connection = factory.newConnection();
    connections.add(connection);
    return connection;
  }

  private void answer(Channel channel, Channel replies, Delivery delivery) throws IOException {
    AMQP.BasicProperties asked = delivery.getProperties();
    String id = asked.getCorrelationId();
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(id).build();
    if (wire == null) {
      channel.basicPublish("", asked.getReplyTo(), props, delivery.getBody());
    } else {
      byte[] body = new byte[Math.max(0, wire.replyBytes() - PropertyBytes.of(props))];
      synchronized (replies) { // answered from a pool, workers of one connection share it
        replies.basicPublish("", asked.getReplyTo(), true, props, body);
      }
    }
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
    AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder()
        .correlationId(id).replyTo(replyQueue).headers(headers);
    if (wire != null) {
      builder.deliveryMode(1).expiration(Broker.expiration(rabbit));
    }
    AMQP.BasicProperties props = builder.build();
    if (wire != null) {
      body = Arrays.copyOf(body, Math.max(body.length,
          wire.requestBytes() - PropertyBytes.of(props)));
    }
    try {
      synchronized (publisher) { // a channel is not for concurrent publishing
        publisher.basicPublish(exchange, routingKey, wire != null, props, body);
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
