package dev.nanite.bench.scale;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many messages a second the broker delivers through a fanout exchange, measured with plain
 * amqp-client as pings travel: messages of a ping's size, published without persistence to a
 * fanout exchange bound to one auto-acknowledged queue per consumer connection, as a mapper's
 * inbox takes pings. Publishers wait for confirms every {@value #BATCH} messages, which bounds
 * what is in flight without making a round trip per message. On a host of few cores the broker
 * and these clients share them, as in the scale scenario.
 */
public final class FanoutCapacity {
  private static final Logger log = LoggerFactory.getLogger(FanoutCapacity.class);
  private static final int BATCH = 256;

  private FanoutCapacity() {}

  /**
   * Deliveries per second over {@code measure}, after {@code warmup}.
   *
   * @param queues the consumers (mappers), each a connection with its own queue
   * @param publishers the publishing connections (agents), each on a thread of its own
   * @param bytes each message's body
   */
  public static double deliveriesPerSecond(String uri, int queues, int publishers, int bytes,
      Duration warmup, Duration measure) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    String exchange = "nanite-bench-fanout-" + UUID.randomUUID().toString().substring(0, 8);
    List<Connection> connections = new ArrayList<>();
    LongAdder delivered = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < queues; i++) {
        Connection connection = factory.newConnection("fanout-consumer-" + i);
        connections.add(connection);
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, true, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, exchange, "");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
          @Override
          public void handleDelivery(String tag, Envelope envelope,
              AMQP.BasicProperties properties, byte[] body) {
            delivered.increment();
          }
        });
      }
      byte[] body = new byte[bytes];
      AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
          .contentType("application/x-protobuf").build();
      for (int i = 0; i < publishers; i++) {
        Connection connection = factory.newConnection("fanout-publisher-" + i);
        connections.add(connection);
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        Thread publisher = new Thread(() -> {
          try {
            while (!stop.get()) {
              for (int m = 0; m < BATCH; m++) {
                channel.basicPublish(exchange, "", false, properties, body);
              }
              channel.waitForConfirmsOrDie(10_000);
            }
          } catch (Exception e) {
            if (!stop.get()) {
              log.warn("fanout publisher failed: {}", e.toString());
            }
          }
        }, "fanout-publisher-" + i);
        publisher.setDaemon(true);
        threads.add(publisher);
        publisher.start();
      }
      // Fixed windows of time, which is what a rate is measured over.
      Thread.sleep(warmup.toMillis());
      long from = delivered.sum();
      long started = System.nanoTime();
      Thread.sleep(measure.toMillis());
      long count = delivered.sum() - from;
      double seconds = (System.nanoTime() - started) / 1e9;
      return count / seconds;
    } finally {
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(15));
      }
      for (Connection connection : connections) {
        try {
          connection.close(5_000);
        } catch (Exception e) {
          connection.abort();
        }
      }
    }
  }
}
