package dev.nanite.bench.baseline;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ConfirmListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline of a push: {@code basicPublish} on a channel in confirm mode, a future per message
 * completed by the broker's confirm, and workers on their own connections consuming with manual
 * acks, counting what they took. The workers share one queue, or, as agents do, each has its
 * own and messages go to them in turn. The futures complete on the connection's I/O thread, as
 * in amqp-client's examples, or, given an executor, on that: what a library has to do, since
 * whatever its caller chains on a future would otherwise run on the I/O thread.
 *
 * <p>Given the bytes of a fabric push, messages carry as many and the same per-message options:
 * mandatory, transient, expiring with a 30-second deadline (relative on RabbitMQ, absolute
 * elsewhere, as the runtime sets it).
 */
public final class RawPublish implements AutoCloseable {
  private final List<Connection> connections = new ArrayList<>();
  private final Channel publisher;
  private final List<String> queues = new ArrayList<>();
  /** The next queue in turn; only read and moved under the publisher's lock. */
  private int next;
  private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed =
      new ConcurrentSkipListMap<>();
  private final LongAdder taken = new LongAdder();
  private final Executor completions;
  /** The bytes of a fabric push (body and property values) to match, or 0 for plain pushes. */
  private final int wireBytes;
  private final boolean rabbit;

  /** @param queuePerWorker whether each worker has a queue of its own, else they share one */
  public RawPublish(String uri, int workers, int prefetch, boolean queuePerWorker)
      throws Exception {
    this(uri, workers, prefetch, queuePerWorker, null);
  }

  /**
   * @param completions completes the futures of each confirm, a task per confirm; null to
   *     complete them on the I/O thread
   */
  public RawPublish(String uri, int workers, int prefetch, boolean queuePerWorker,
      Executor completions) throws Exception {
    this(uri, workers, prefetch, queuePerWorker, completions, 0);
  }

  /**
   * @param completions as above, or null
   * @param wireBytes if not 0, the bytes of a fabric push to carry, with its options
   */
  public RawPublish(String uri, int workers, int prefetch, boolean queuePerWorker,
      Executor completions, int wireBytes) throws Exception {
    this.completions = completions;
    this.wireBytes = wireBytes;
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    String name = "bench.raw." + UUID.randomUUID();
    Connection client = open(factory);
    rabbit = Broker.isRabbitMq(client);
    publisher = client.createChannel();
    for (int i = 0; i < (queuePerWorker ? workers : 1); i++) {
      queues.add(publisher.queueDeclare(name + "." + i, false, false, true, null).getQueue());
    }
    publisher.confirmSelect();
    publisher.addConfirmListener(new ConfirmListener() {
      @Override
      public void handleAck(long tag, boolean multiple) {
        settle(tag, multiple, null);
      }

      @Override
      public void handleNack(long tag, boolean multiple) {
        settle(tag, multiple, new IOException("the broker refused message " + tag));
      }
    });
    for (int i = 0; i < workers; i++) {
      Channel channel = open(factory).createChannel();
      channel.basicQos(prefetch);
      channel.basicConsume(queues.get(i % queues.size()), false, (tag, delivery) -> {
        taken.increment();
        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
      }, tag -> { });
    }
  }

  private Connection open(ConnectionFactory factory) throws Exception {
    Connection connection = factory.newConnection();
    connections.add(connection);
    return connection;
  }

  private void settle(long tag, boolean multiple, Exception error) {
    ConcurrentNavigableMap<Long, CompletableFuture<Void>> settled =
        multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
    List<CompletableFuture<Void>> futures = new ArrayList<>(settled.values());
    settled.clear();
    Runnable complete = () -> futures.forEach(f -> {
      if (error == null) {
        f.complete(null);
      } else {
        f.completeExceptionally(error);
      }
    });
    if (completions == null) {
      complete.run();
    } else {
      completions.execute(complete);
    }
  }

  /** Publishes {@code body}; completes when the broker confirms it. */
  public CompletableFuture<Void> publish(byte[] body) {
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    AMQP.BasicProperties properties = null;
    if (wireBytes > 0) {
      properties = new AMQP.BasicProperties.Builder().deliveryMode(1)
          .expiration(Broker.expiration(rabbit)).build();
      body = Arrays.copyOf(body, Math.max(body.length, wireBytes - PropertyBytes.of(properties)));
    }
    try {
      synchronized (publisher) {
        unconfirmed.put(publisher.getNextPublishSeqNo(), confirmed);
        publisher.basicPublish("", queues.get(next), wireBytes > 0, properties, body);
        next = (next + 1) % queues.size();
      }
    } catch (IOException e) {
      confirmed.completeExceptionally(e);
    }
    return confirmed;
  }

  /** How many messages the workers took. */
  public long taken() {
    return taken.sum();
  }

  @Override
  public void close() throws IOException {
    for (Connection connection : connections) {
      connection.close();
    }
  }
}
